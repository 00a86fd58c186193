//! The Python package (`python/`, PyO3 + maturin) and the Ray Data example
//! (`examples/ray/`), built into a wheel and tested with pytest in the virtual environment
//! that `.ci/run` prepares (`target/pyvenv`: maturin, pytest, pandas, ray). Without that
//! environment the test says so and skips.

mod common;

use std::process::Command;

#[test]
fn python_package_and_ray_example() {
    let root = common::root();
    let venv = root.join("target").join("pyvenv");
    let bin = venv.join("bin");
    if !bin.join("python").exists() || !bin.join("maturin").exists() {
        eprintln!("skipped: no target/pyvenv with maturin (.ci/run makes it: python3 -m venv target/pyvenv; pip install maturin pytest pandas 'ray[data]')");
        return;
    }
    let wheels = root.join("target").join("wheels");
    let _ = std::fs::remove_dir_all(&wheels);
    let build = Command::new(bin.join("maturin"))
        .args(["build", "--release", "--locked", "--quiet", "-m"])
        .arg(root.join("python").join("Cargo.toml"))
        .arg("-o")
        .arg(&wheels)
        .env("CARGO_TARGET_DIR", root.join("target").join("python"))
        .output()
        .expect("run maturin");
    assert!(build.status.success(), "maturin build failed:\n{}", String::from_utf8_lossy(&build.stderr));
    let wheel = std::fs::read_dir(&wheels).unwrap().flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "whl")).expect("a wheel");
    assert!(wheel.file_name().unwrap().to_string_lossy().contains("abi3"), "one abi3 wheel for every CPython: {}", wheel.display());
    let install = Command::new(bin.join("python")).args(["-m", "pip", "install", "-q", "--force-reinstall", "--no-deps"]).arg(&wheel).output().expect("run pip");
    assert!(install.status.success(), "pip install failed:\n{}", String::from_utf8_lossy(&install.stderr));
    // From outside the source tree, so that the installed package is the one imported.
    let tests = Command::new(bin.join("python"))
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning"])
        .arg(root.join("python").join("tests"))
        .arg(root.join("examples").join("ray"))
        .current_dir(std::env::temp_dir())
        .env("PLANX_BIN", env!("CARGO_BIN_EXE_planx"))
        .output()
        .expect("run pytest");
    let report = String::from_utf8_lossy(&tests.stdout);
    eprintln!("{report}");
    assert!(tests.status.success(), "pytest failed:\n{report}\n{}", String::from_utf8_lossy(&tests.stderr));
}
