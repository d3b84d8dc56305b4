-- Each job result's schema map (the path and class of each typed object in it), answered with
-- the result to clients that ask for it (X-JSON-Schema), as ZStack's RestServer does. LONGTEXT,
-- as the result is: a batch answer's map grows with its results.
ALTER TABLE AsyncRestVO ADD COLUMN resultSchema LONGTEXT;
