//! Writing outputs: files replaced whole (never a device, never through a planted name), with
//! their permissions; devices, FIFOs and standard output written in place; folders complete or not
//! at all; nothing left behind.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;

use crate::util::{TempDir, mkfifo, shisetsu, shisetsu_must_finish};

const E1: &str = "id,name,category,floor_area_m2,built_year\n\
                  S1,school,school,1000,2000\n\
                  S2,hall,civic_culture,2000,1980\n";

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `project` of the two-building CSV as JSON, to `out`.
fn project_to(dir: &TempDir, out: &str) -> crate::util::Run {
    let p = dir.write("b.csv", E1);
    shisetsu_must_finish(&[
        "project",
        p.to_str().unwrap(),
        "--from",
        "2016",
        "--format",
        "json",
        "--output",
        out,
    ])
}

#[test]
fn devices_and_standard_output_are_written_in_place() {
    // Run as root, a rename over /dev/null would replace the device node itself.
    let dir = TempDir::new();
    let r = project_to(&dir, "/dev/null");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // /dev/stdout: the output goes to standard output, and /dev/stdout stays what it was.
    let before = std::fs::symlink_metadata("/dev/stdout")
        .unwrap()
        .file_type();
    let r = project_to(&dir, "/dev/stdout");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("\"schema\": \"shisetsu/projection/1\""),
        "{}",
        r.stdout
    );
    assert_eq!(
        std::fs::symlink_metadata("/dev/stdout")
            .unwrap()
            .file_type(),
        before
    );
    assert_eq!(names(dir.path()), ["b.csv"]);
}

#[test]
fn a_fifo_is_written_in_place() {
    let dir = TempDir::new();
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let r = project_to(&dir, fifo.to_str().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = reader.join().unwrap();
    assert!(
        text.contains("\"schema\": \"shisetsu/projection/1\""),
        "{text}"
    );
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_usual() {
    let dir = TempDir::new();
    let out = dir.write("out.json", "old");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    let r = project_to(&dir, out.to_str().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("shisetsu/projection/1")
    );
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), 0o640);
    // A new file: as the system creates any file in that folder (0666 less the umask).
    let new = dir.path().join("new.json");
    let r = project_to(&dir, new.to_str().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let usual = dir.path().join("usual");
    std::fs::File::create(&usual).unwrap();
    assert_eq!(mode(&new), mode(&usual));
    assert_eq!(
        names(dir.path()),
        ["b.csv", "new.json", "out.json", "usual"]
    );
}

#[test]
fn a_link_to_a_file_keeps_pointing_to_it() {
    let dir = TempDir::new();
    let real = dir.write("real.json", "old");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    let r = project_to(&dir, link.to_str().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("shisetsu/projection/1")
    );
}

#[test]
fn the_longest_name_the_system_takes_is_written() {
    // 255 bytes, the most a name may have: a temporary name made by adding to it would not fit.
    let dir = TempDir::new();
    let name = format!("{}.json", "o".repeat(250));
    let out = dir.path().join(&name);
    let r = project_to(&dir, out.to_str().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(names(dir.path()), ["b.csv".to_string(), name]);
}

/// Runs `generate` with files limited to 64 KiB (the limit's signal ignored, so a write beyond it
/// fails as on a full disk).
fn generate_on_a_small_disk(args: &[&str]) -> (i32, String) {
    let bin = env!("CARGO_BIN_EXE_shisetsu");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 128; exec '{bin}' generate {}",
            quoted.join(" ")
        ))
        .output()
        .expect("sh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_output_the_disk_cannot_hold_leaves_nothing() {
    let dir = TempDir::new();
    let folder = dir.path().join("inv");
    let csv = dir.path().join("big.csv");
    for out in [&folder, &csv] {
        let (code, stderr) =
            generate_on_a_small_disk(&["--buildings", "20000", "--output", out.to_str().unwrap()]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("File too large"), "{stderr}");
    }
    assert_eq!(names(dir.path()), Vec::<String>::new());
    // An inventory folder being replaced stays as it was.
    let r = shisetsu(&[
        "generate",
        "--buildings",
        "10",
        "--output",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = std::fs::read(folder.join("buildings.csv")).unwrap();
    let (code, stderr) = generate_on_a_small_disk(&[
        "--buildings",
        "20000",
        "--force",
        "--output",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(std::fs::read(folder.join("buildings.csv")).unwrap(), before);
    assert_eq!(names(dir.path()), ["inv"]);
}

#[test]
fn a_folder_with_other_files_is_not_replaced() {
    let dir = TempDir::new();
    let folder = dir.path().join("inv");
    let r = shisetsu(&[
        "generate",
        "--buildings",
        "10",
        "--output",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::write(folder.join("notes.md"), "mine").unwrap();
    let r = shisetsu(&[
        "generate",
        "--buildings",
        "20",
        "--force",
        "--output",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("holds files that are not an inventory's (notes.md)"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("notes.md")).unwrap(),
        "mine"
    );
}
