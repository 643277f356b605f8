-- Version 15 (issue 14): the reported figures per type group and day (store.figure_groups):
-- each type alone and the types counted together ("people": evacuation and displacement),
-- with the day's figures, lowest, highest and how many outlets gave one. The Evacuations
-- page's daily range reads these few thousand rows instead of every (type, day, outlet)
-- row of sum_figure_days; outlets per day do not add up across types, so the rows are
-- recomputed per day by the writer (summaries.add) and filled here by the post step.

CREATE TABLE IF NOT EXISTS sum_figure_groups (
    types VARCHAR NOT NULL,
    date_start DATE,
    n BIGINT NOT NULL,
    low BIGINT,
    high BIGINT,
    outlets BIGINT NOT NULL
);
