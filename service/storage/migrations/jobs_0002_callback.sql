-- Jobs: where to POST the outcome when the job ends (a JSON object: url and the service's base address).
ALTER TABLE jobs ADD COLUMN callback TEXT;
