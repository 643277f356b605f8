-- Version 14: reserved for a parallel branch (helper mapq); this placeholder keeps the
-- versions without gaps on the figdays branch and is replaced by that branch's file at merge.
SELECT 1;
