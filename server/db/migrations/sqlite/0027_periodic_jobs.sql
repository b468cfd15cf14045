-- Background work that runs every so often for the whole installation, not
-- per instance (store/periodic_job_store.hpp): one row per job, its next due
-- time. An instance runs a job only after moving due_at ahead in one UPDATE.
-- The first job: trimming the home feeds (app/home_feed_trimmer.hpp).
CREATE TABLE periodic_jobs (
  name   TEXT PRIMARY KEY,
  due_at INTEGER NOT NULL,
  -- How far the run in progress got (the job's own meaning; 0: from the
  -- start), so a run cut short by a restart resumes instead of starting over.
  progress INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO periodic_jobs (name, due_at) VALUES ('home_feed_trim', 0);
