// The review history of document versions (UpdateDocumentMetadata, ListDocumentMetadataHistory), numbered
// per version in the order the reviews came.
import type { Db } from '../database.js';

export interface ReviewRecord {
  seq: number;
  reviewStatus: string;
  comment?: string;
  reviewer: string;
  createdMs: number;
}

export class DocumentReviewsRepository {
  private readonly insertStmt;
  private readonly listStmt;
  private readonly deleteAllStmt;

  constructor(db: Db) {
    const key = 'account_id = ? AND region = ? AND name = ?';
    this.insertStmt = db.prepare(
      `INSERT INTO document_reviews (account_id, region, name, version, seq, review_status, comment, reviewer, created_ms)
       VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM document_reviews WHERE ${key} AND version = ?), ?, ?, ?, ?)`,
    );
    this.listStmt = db.prepare<
      [string, string, string, number, number, number],
      { seq: number; review_status: string; comment: string | null; reviewer: string; created_ms: number }
    >(
      `SELECT seq, review_status, comment, reviewer, created_ms FROM document_reviews
       WHERE ${key} AND version = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.deleteAllStmt = db.prepare(`DELETE FROM document_reviews WHERE ${key}`);
  }

  add(account: string, region: string, name: string, version: number, r: Omit<ReviewRecord, 'seq'>): void {
    this.insertStmt.run(
      account,
      region,
      name,
      version,
      account,
      region,
      name,
      version,
      r.reviewStatus,
      r.comment ?? null,
      r.reviewer,
      r.createdMs,
    );
  }

  list(
    account: string,
    region: string,
    name: string,
    version: number,
    afterSeq: number,
    limit: number,
  ): ReviewRecord[] {
    return this.listStmt.all(account, region, name, version, afterSeq, limit).map((r) => ({
      seq: r.seq,
      reviewStatus: r.review_status,
      comment: r.comment ?? undefined,
      reviewer: r.reviewer,
      createdMs: r.created_ms,
    }));
  }

  /** Every review of every version of the document (it is being deleted). */
  removeAll(account: string, region: string, name: string): void {
    this.deleteAllStmt.run(account, region, name);
  }
}
