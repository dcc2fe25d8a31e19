//! `--format xlsx|html` of `export journal` and `report`: the workbook is read back
//! (an XLSX is a ZIP: `unzip -p`, else Python's zipfile) and the printed page checked.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::*;

/// One member of a ZIP archive as text.
fn zip_member(file: &Path, member: &str) -> String {
    let f = file.to_str().expect("utf-8 path");
    let unzip = Command::new("unzip").args(["-p", f, member]).output();
    let out = match unzip {
        Ok(o) if o.status.success() => o.stdout,
        _ => {
            let o = Command::new("python3")
                .args([
                    "-c",
                    "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))",
                    f,
                    member,
                ])
                .output()
                .expect("python3");
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            o.stdout
        }
    };
    String::from_utf8(out).expect("utf-8 member")
}

/// The mini journal with Алексеев's «5» on 10.11 and Белова absent on 12.11.
fn journal_with_marks(dir: &Path) -> String {
    let db = mini_journal(dir);
    let d = db.to_str().expect("path").to_string();
    let cell = |date: &str, student: &str| {
        [
            "--db",
            &d,
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            date,
            "--student",
            student,
        ]
        .map(String::from)
        .to_vec()
    };
    let mut mark = vec!["mark".to_string()];
    mark.extend(cell("2025-11-10", "Алексеев"));
    mark.push("5".into());
    let mark: Vec<&str> = mark.iter().map(String::as_str).collect();
    ok(dir, &mark);
    let mut attend = vec!["attend".to_string()];
    attend.extend(cell("2025-11-12", "Белова"));
    attend.push("Н".into());
    let attend: Vec<&str> = attend.iter().map(String::as_str).collect();
    ok(dir, &attend);
    d
}

fn export_journal(dir: &Path, d: &str, format: &str, out: Option<&Path>) -> std::process::Output {
    let mut args = vec![
        "export",
        "journal",
        "--db",
        d,
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--period",
        "2",
        "--format",
        format,
    ];
    if let Some(p) = out {
        args.extend(["-o", p.to_str().expect("path")]);
    }
    zhurnal(dir, &args)
}

#[test]
fn journal_page_as_xlsx_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = journal_with_marks(dir.path());
    let file = dir.path().join("7Б алгебра.xlsx");
    let o = export_journal(dir.path(), &d, "xlsx", Some(&file));
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&file).expect("xlsx written");
    assert!(bytes.starts_with(b"PK"));
    let parts: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(parts.is_empty(), "{parts:?}");

    let sheet = zip_member(&file, "xl/worksheets/sheet1.xml");
    let strings = zip_member(&file, "xl/sharedStrings.xml");
    let workbook = zip_member(&file, "xl/workbook.xml");
    // Frozen below the header and right of the names.
    assert!(sheet.contains("<pane"), "{sheet}");
    assert!(sheet.contains("state=\"frozen\""), "{sheet}");
    assert!(sheet.contains("topLeftCell=\"B2\""), "{sheet}");
    // Column widths are set.
    assert!(sheet.contains("<cols>"), "{sheet}");
    for s in [
        "Ученик",
        "05.11",
        "10.11",
        "Ср.",
        "Итог",
        "Алексеев Борис Игоревич",
        "Н",
    ] {
        assert!(strings.contains(&format!("<t>{s}</t>")), "{s}: {strings}");
    }
    // The mark and the average are numbers, not shared strings: Алексеев is the
    // first row (2), 10.11 the third lesson (column D); 23 lessons put the average
    // in column Y.
    assert!(sheet.contains("<c r=\"D2\"><v>5</v></c>"), "{sheet}");
    assert!(sheet.contains("<c r=\"Y2\"><v>5</v></c>"), "{sheet}");
    assert!(
        workbook.contains("name=\"7Б Алгебра 2 четверть\""),
        "{workbook}"
    );
    let props = zip_member(&file, "docProps/core.xml");
    assert!(props.contains("Журнал: 7Б Алгебра, 2 четверть"), "{props}");
}

#[test]
fn xlsx_needs_an_output_file() {
    let j = TestJournal::mini();
    let o = export_journal(j.dir(), j.db_str(), "xlsx", None);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("-o FILE"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let o = j.run(&["report", "quality", "--as", "admin", "--format", "xlsx"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("-o FILE"), "{}", stderr(&o));
}

#[test]
fn journal_page_as_html_is_signed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = journal_with_marks(dir.path());
    let o = export_journal(dir.path(), &d, "html", None);
    assert!(o.status.success(), "{}", stderr(&o));
    let h = stdout(&o);
    assert!(h.contains("<meta charset=\"utf-8\">"), "{h}");
    assert!(h.contains("<table"), "{h}");
    assert!(h.contains("<thead>"), "{h}");
    assert!(h.contains("Алексеев Борис Игоревич"), "{h}");
    assert!(h.contains("<td class=\"num\">5</td>"), "{h}");
    // 23 lessons: landscape.
    assert!(h.contains("size: A4 landscape"), "{h}");
    assert!(h.contains("Тестовая школа № 1"), "{h}");
    assert!(
        h.contains("Директор ____________ / ____________ /   «___» __________ 20__ г."),
        "{h}"
    );
    assert!(h.contains("М.П."), "{h}");

    // And to a file.
    let file = dir.path().join("page.html");
    let o = export_journal(dir.path(), &d, "html", Some(&file));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).expect("html"), h);
}

#[test]
fn reports_as_html_and_xlsx() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = journal_with_marks(dir.path());
    let report = |args: &[&str]| {
        let mut all = vec!["report"];
        all.extend(args);
        all.extend(["--db", &d, "--period", "2", "--as", "admin"]);
        ok(dir.path(), &all)
    };

    // Accumulation: no signature, a narrow table is portrait.
    let h = report(&["accumulation", "--class", "7Б", "--format", "html"]);
    assert!(h.contains("<table"), "{h}");
    assert!(h.contains("Алексеев"), "{h}");
    assert!(h.contains("size: A4"), "{h}");
    assert!(!h.contains("Директор"), "{h}");
    assert!(!h.contains("М.П."), "{h}");

    // The summary sheet is certified.
    let h = report(&["summary", "--class", "7Б", "--format", "html"]);
    assert!(h.contains("Директор ____________"), "{h}");
    assert!(h.contains("М.П."), "{h}");

    // Attendance as a workbook: counts are numbers, the header frozen.
    let file = dir.path().join("att.xlsx");
    report(&[
        "attendance",
        "--class",
        "7Б",
        "--format",
        "xlsx",
        "-o",
        file.to_str().expect("path"),
    ]);
    let sheet = zip_member(&file, "xl/worksheets/sheet1.xml");
    let strings = zip_member(&file, "xl/sharedStrings.xml");
    assert!(sheet.contains("state=\"frozen\""), "{sheet}");
    assert!(sheet.contains("topLeftCell=\"A2\""), "{sheet}");
    assert!(strings.contains("Белова"), "{strings}");
    assert!(sheet.contains("<v>1</v>"), "{sheet}");
}

/// The rows of a CSV file our office style wrote: BOM, `;`.
fn office_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("an office CSV starts with a BOM");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.expect("record").iter().map(String::from).collect())
        .collect()
}

/// A plan topic a spreadsheet would run as a formula is written as text (a leading
/// `'`), numbers stay numbers, and our own import reads the file back to the same plan.
#[test]
fn a_formula_in_a_plan_topic_is_written_as_text() {
    let j = TestJournal::mini();
    let course = ["--class", "7Б", "--subject", "Алгебра"];
    let topic = r#"=HYPERLINK("http://x","y")"#;
    let file = j.dir().join("evil.csv");
    std::fs::write(
        &file,
        format!(
            "order,topic,hours,date\n1,\"{}\",2,2025-09-02\n2,-5 в степени,1,\n3,@SUM(A1),1,\n",
            topic.replace('"', "\"\"")
        ),
    )
    .expect("write");
    let f = file.to_str().expect("path");
    j.ok(&[&["plan", "import", f][..], &course].concat());

    let out = j.dir().join("out.csv");
    let o = out.to_str().expect("path");
    j.ok(&[&["plan", "export", "-o", o][..], &course].concat());
    let bytes = std::fs::read(&out).expect("read");
    let rows = office_rows(&bytes);
    assert_eq!(rows[0], ["№", "Тема", "Часы", "Дата"]);
    assert_eq!(rows[1], ["1", &format!("'{topic}"), "2", "02.09.2025"]);
    assert_eq!(rows[2][1], "'-5 в степени");
    assert_eq!(rows[3][1], "'@SUM(A1)");

    // The plain style for scripts: `,`, ISO dates, the same guard.
    let plain = j.ok(&[&["plan", "export", "--csv", "plain"][..], &course].concat());
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(plain.as_bytes())
        .records()
        .map(|r| r.expect("record"))
        .collect();
    assert_eq!(&rows[0][1], format!("'{topic}"));
    assert_eq!(&rows[0][3], "2025-09-02");

    // Our own import takes the guard off: the same topics, the same file again.
    j.ok(&[&["plan", "import", o][..], &course].concat());
    let again = j.ok(&[&["plan", "export", "--csv", "plain"][..], &course].concat());
    assert_eq!(again, plain);
    assert!(again.contains(&format!("'{}", topic.replace('"', "\"\""))));
}

/// A student's name that looks like a formula: text in the office CSV and a string in
/// the workbook (no formula cell), while marks and the average stay numbers.
#[test]
fn a_formula_in_a_name_stays_text_in_csv_and_xlsx() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = journal_with_marks(dir.path());
    let students = dir.path().join("students.csv");
    std::fs::write(
        &students,
        "class,last_name,first_name\n7Б,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",Ян\n",
    )
    .expect("write");
    ok(
        dir.path(),
        &[
            "import",
            "students",
            students.to_str().expect("path"),
            "--db",
            &d,
        ],
    );
    let o = export_journal(dir.path(), &d, "csv", None);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = office_rows(&o.stdout);
    assert_eq!(rows[0][0], "Ученик");
    assert_eq!(rows[0][1], "05.11.2025");
    assert_eq!(rows[0][rows[0].len() - 2], "Средний балл");
    assert_eq!(rows[0][rows[0].len() - 1], "Итоговая");
    let alexeev = rows
        .iter()
        .find(|r| r[0].starts_with("Алексеев"))
        .expect("row");
    assert_eq!(alexeev[3], "5", "a mark is a number");
    assert_eq!(
        alexeev[alexeev.len() - 2],
        "5,00",
        "the average has a decimal comma"
    );
    let evil = rows
        .iter()
        .find(|r| r[0].contains("HYPERLINK"))
        .expect("row");
    assert_eq!(evil[0], r#"'=HYPERLINK("http://x","y") Ян"#);

    let file = dir.path().join("j.xlsx");
    let o = export_journal(dir.path(), &d, "xlsx", Some(&file));
    assert!(o.status.success(), "{}", stderr(&o));
    let sheet = zip_member(&file, "xl/worksheets/sheet1.xml");
    let strings = zip_member(&file, "xl/sharedStrings.xml");
    assert!(!sheet.contains("<f>"), "no formula cell: {sheet}");
    assert!(
        strings.contains(r#"<t>=HYPERLINK("http://x","y") Ян</t>"#),
        "{strings}"
    );
    assert!(sheet.contains("<v>5</v>"), "the mark is a number: {sheet}");
}

/// A real spreadsheet opens our office CSV: LibreOffice Calc, headless, reads the plan
/// export (its own CSV import, as a double click would: `;`, UTF-8) and saves it as a
/// workbook; in it the formula-looking topic is a text cell, no formula, and the hours
/// are a number. Runs where LibreOffice is installed (`.ci/run` installs it).
#[test]
fn a_spreadsheet_opens_the_office_csv_with_formulas_as_text() {
    let Ok(soffice) = which("soffice") else {
        eprintln!("LibreOffice (soffice) not installed: the spreadsheet check is skipped");
        return;
    };
    let j = TestJournal::mini();
    let course = ["--class", "7Б", "--subject", "Алгебра"];
    let topic = r#"=HYPERLINK("http://x","y")"#;
    let file = j.dir().join("evil.csv");
    std::fs::write(
        &file,
        format!(
            "order,topic,hours,date\n1,\"{}\",2,2025-09-02\n",
            topic.replace('"', "\"\"")
        ),
    )
    .expect("write");
    j.ok(&[
        &["plan", "import", file.to_str().expect("path")][..],
        &course,
    ]
    .concat());
    let out = j.dir().join("plan.csv");
    j.ok(&[
        &["plan", "export", "-o", out.to_str().expect("path")][..],
        &course,
    ]
    .concat());
    let converted = Command::new(soffice)
        .args([
            "--headless",
            "--norestore",
            &format!("-env:UserInstallation=file://{}/lo", j.dir().display()),
            // Field separator `;`, text delimiter `"`, UTF-8 (76), from line 1.
            "--infilter=CSV:59,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            j.dir().to_str().expect("path"),
            out.to_str().expect("path"),
        ])
        .output()
        .expect("soffice runs");
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let sheet = zip_member(&j.dir().join("plan.xlsx"), "xl/worksheets/sheet1.xml");
    // A formula cell is `<f …>` (LibreOffice writes `<f aca="false">`).
    assert!(!sheet.contains("<f"), "a formula cell: {sheet}");
    let strings = zip_member(&j.dir().join("plan.xlsx"), "xl/sharedStrings.xml");
    assert!(
        strings.contains("HYPERLINK"),
        "the topic is a text cell: {strings}"
    );
    // The hours (column C of the first item's row) are a number, not a string.
    let hours = sheet
        .split("<c r=\"C2\"")
        .nth(1)
        .and_then(|c| c.split("</c>").next())
        .expect("cell C2");
    assert!(!hours.contains("t=\"s\""), "hours as text: {hours}");
    assert!(hours.contains("<v>2</v>"), "{hours}");
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}
