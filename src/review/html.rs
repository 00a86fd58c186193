//! `planx review OUT_DIR`: the static HTML report (to come).
