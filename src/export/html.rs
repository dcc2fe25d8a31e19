//! A report as an HTML page for printing.

use super::number::as_number;
use crate::domain::reports::Report;
use crate::tr;

/// What goes around the table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlOptions {
    /// The school's name, above the title.
    pub school: String,
    /// The director's certification line below the table (journal pages, summary
    /// sheets).
    pub signature: bool,
}

/// Text safe inside HTML elements and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// More columns than this and the page is printed landscape.
const PORTRAIT_COLUMNS: usize = 8;

/// The report as a complete UTF-8 HTML document for printing on A4: the school's
/// name and the title above, the table (its header repeated on every printed page),
/// and with `opts.signature` the director's certification line.
pub fn html(report: &Report, opts: &HtmlOptions) -> String {
    let orientation = if report.columns.len() > PORTRAIT_COLUMNS {
        "landscape"
    } else {
        "portrait"
    };
    let lang = crate::i18n::pick("ru", "en");
    let title = escape_html(&report.title);
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!("<html lang=\"{lang}\">\n<head>\n"));
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{title}</title>\n"));
    out.push_str("<style>\n");
    out.push_str(&format!(
        "@page {{ size: A4 {orientation}; margin: 12mm 10mm 12mm 15mm; }}\n"
    ));
    out.push_str(
        "body { font-family: \"Times New Roman\", serif; font-size: 11pt; color: #000; }\n\
         .school { text-align: center; margin: 0 0 4pt; }\n\
         h1 { font-size: 13pt; text-align: center; margin: 0 0 8pt; }\n\
         table { border-collapse: collapse; width: 100%; }\n\
         th, td { border: 1px solid #000; padding: 1pt 3pt; vertical-align: top; }\n\
         th { font-weight: bold; text-align: center; }\n\
         td.num { text-align: right; }\n\
         thead { display: table-header-group; }\n\
         tr { page-break-inside: avoid; break-inside: avoid; }\n\
         .signature { margin-top: 18pt; white-space: pre; page-break-inside: avoid; }\n",
    );
    out.push_str("</style>\n</head>\n<body>\n");
    if !opts.school.trim().is_empty() {
        out.push_str(&format!(
            "<p class=\"school\">{}</p>\n",
            escape_html(opts.school.trim())
        ));
    }
    out.push_str(&format!("<h1>{title}</h1>\n"));
    out.push_str("<table>\n<thead>\n<tr>");
    for c in &report.columns {
        out.push_str(&format!("<th>{}</th>", escape_html(c)));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    let n = report.columns.len();
    for row in &report.rows {
        out.push_str("<tr>");
        for i in 0..n.max(row.len()) {
            let cell = row.get(i).map(String::as_str).unwrap_or("");
            if as_number(cell).is_some() {
                out.push_str(&format!("<td class=\"num\">{}</td>", escape_html(cell)));
            } else {
                out.push_str(&format!("<td>{}</td>", escape_html(cell)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if opts.signature {
        out.push_str(&format!(
            "<div class=\"signature\">\n<p>{}</p>\n<p>{}</p>\n</div>\n",
            escape_html(&signature_line()),
            escape_html(&tr!("М.П.", "Seal"))
        ));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// «Директор ____________ / ____________ /   «___» __________ 20__ г.»
pub fn signature_line() -> String {
    tr!(
        "Директор ____________ / ____________ /   «___» __________ 20__ г.",
        "Director ____________ / ____________ /   «___» __________ 20__"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(columns: usize) -> Report {
        Report {
            legend: Vec::new(),
            title: "Сводная <ведомость> & \"итоги\"".into(),
            columns: (0..columns).map(|i| format!("К{i}")).collect(),
            rows: vec![vec!["Иванов <Иван>".into(), "4.50".into()]],
        }
    }

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape_html("Ёж & <ёлка> \"да\" 'нет'"),
            "Ёж &amp; &lt;ёлка&gt; &quot;да&quot; &#39;нет&#39;"
        );
        assert_eq!(escape_html("Алгебра"), "Алгебра");
    }

    #[test]
    fn a_page_is_complete_and_escaped() {
        let opts = HtmlOptions {
            school: "Школа № 1 «Ромашка» & Co".into(),
            signature: false,
        };
        let h = html(&report(3), &opts);
        assert!(h.starts_with("<!DOCTYPE html>"));
        assert!(h.contains("<meta charset=\"utf-8\">"));
        assert!(h.contains("size: A4 portrait"));
        assert!(h.contains("<thead>"));
        assert!(h.contains("Иванов &lt;Иван&gt;"));
        assert!(h.contains("Сводная &lt;ведомость&gt; &amp; &quot;итоги&quot;"));
        assert!(h.contains("Школа № 1 «Ромашка» &amp; Co"));
        assert!(h.contains("<td class=\"num\">4.50</td>"));
        assert!(!h.contains("<Иван>"));
        assert!(!h.contains("Директор"));
        assert!(!h.contains("М.П."));
        assert!(h.trim_end().ends_with("</html>"));
    }

    #[test]
    fn wide_tables_are_landscape_and_signed() {
        let opts = HtmlOptions {
            school: String::new(),
            signature: true,
        };
        let h = html(&report(9), &opts);
        assert!(h.contains("size: A4 landscape"));
        assert!(h.contains(&escape_html(&signature_line())));
        assert!(!h.contains("class=\"school\""));
        assert!(html(&report(8), &opts).contains("size: A4 portrait"));
    }
}
