//! The edit table shared by the lexicon repair (`repair.rs`, which also walks it back
//! for the steps) and the vote (`vote.rs`, which needs only the count): the least edits
//! that turn one text into another, where each user says which edits it allows.

/// Cost of an impossible cell of the table.
pub(super) const INF: u32 = u32::MAX / 2;

/// `d[i][j]`: the least edits turning `a[..i]` into `b[..j]` (`INF` where none do). An
/// edit is a pair of characters of the same class (`canon`), costing 1 when they differ
/// and 0 when equal; a character of `a` taken out where `drop_a` allows it; or a
/// character of `b` put in where `add_b` allows it (1 each).
pub(super) fn edit_table(a: &[char], b: &[char], canon: impl Fn(char) -> char, drop_a: impl Fn(char) -> bool, add_b: impl Fn(char) -> bool) -> Vec<Vec<u32>> {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![INF; m + 1]; n + 1];
    d[0][0] = 0;
    for i in 0..=n {
        for j in 0..=m {
            let here = d[i][j];
            if here >= INF {
                continue;
            }
            if i < n && j < m && canon(a[i]) == canon(b[j]) {
                d[i + 1][j + 1] = d[i + 1][j + 1].min(here + u32::from(a[i] != b[j]));
            }
            if i < n && drop_a(a[i]) {
                d[i + 1][j] = d[i + 1][j].min(here + 1);
            }
            if j < m && add_b(b[j]) {
                d[i][j + 1] = d[i][j + 1].min(here + 1);
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_only_the_edits_allowed() {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        let same = |c: char| if c == 'l' { '1' } else { c };
        // "a1b" -> "alb": one confused letter; "ab" -> "axb" needs an insertion of 'x'.
        let d = edit_table(&chars("a1b"), &chars("alb"), same, |_| false, |_| false);
        assert_eq!(d[3][3], 1);
        let d = edit_table(&chars("ab"), &chars("axb"), same, |_| false, |c| c == 'x');
        assert_eq!(d[2][3], 1);
        let d = edit_table(&chars("ab"), &chars("ayb"), same, |_| false, |c| c == 'x');
        assert_eq!(d[2][3], INF);
        let d = edit_table(&chars("azb"), &chars("ab"), same, |c| c == 'z', |_| false);
        assert_eq!(d[3][2], 1);
    }
}
