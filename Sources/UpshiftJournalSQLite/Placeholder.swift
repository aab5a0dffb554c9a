// UpshiftJournalSQLite
