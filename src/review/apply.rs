//! `planx apply OUT_DIR corrections.csv`: corrections (to come).
