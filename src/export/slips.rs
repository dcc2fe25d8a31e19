//! The logins sheet for a parents' meeting: an A4 page of slips to cut out, one a
//! person, each with the school, the class, the student, the login, a one-time
//! password and where to log in.

use super::html::escape_html;
use crate::store::accounts::family::Slip;
use crate::tr;

/// What every slip of the sheet says besides its person.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetInfo {
    pub school: String,
    pub class: String,
    /// Where to log in (an address the school gives); may be empty.
    pub address: String,
}

/// The sheet as a complete UTF-8 HTML page, slips in two columns, dashed borders to
/// cut along; no slip is split across printed pages.
pub fn slips_html(info: &SheetInfo, slips: &[Slip]) -> String {
    let lang = crate::i18n::pick("ru", "en");
    let title = escape_html(&tr!(
        "Логины и одноразовые пароли: {}",
        "Logins and one-time passwords: {}",
        info.class
    ));
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!("<html lang=\"{lang}\">\n<head>\n"));
    out.push_str("<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{title}</title>\n"));
    out.push_str(
        "<style>\n\
         @page { size: A4 portrait; margin: 10mm; }\n\
         body { font-family: \"Times New Roman\", serif; font-size: 11pt; color: #000; margin: 0; }\n\
         h1 { font-size: 12pt; text-align: center; margin: 0 0 6pt; }\n\
         .sheet { display: flex; flex-wrap: wrap; }\n\
         .slip { box-sizing: border-box; width: 50%; padding: 6pt 8pt; border: 1px dashed #000; \
         break-inside: avoid; page-break-inside: avoid; }\n\
         .slip p { margin: 1pt 0; }\n\
         .login, .password { font-family: \"Courier New\", monospace; font-size: 13pt; font-weight: bold; }\n\
         .note { font-style: italic; }\n\
         </style>\n",
    );
    out.push_str("</head>\n<body>\n");
    out.push_str(&format!("<h1>{title}</h1>\n<div class=\"sheet\">\n"));
    let address = if info.address.trim().is_empty() {
        tr!("спросите у классного руководителя", "ask the class teacher")
    } else {
        info.address.trim().to_string()
    };
    for s in slips {
        let who = match &s.parent {
            Some(parent) => tr!("родитель: {}", "parent: {}", parent),
            None => tr!("ученик", "student"),
        };
        out.push_str("<div class=\"slip\">\n");
        out.push_str(&format!(
            "<p>{}</p>\n<p>{}: {}</p>\n<p>{}: {} ({})</p>\n",
            escape_html(&info.school),
            escape_html(&tr!("Класс", "Class")),
            escape_html(&info.class),
            escape_html(&tr!("Ученик", "Student")),
            escape_html(&s.student.full()),
            escape_html(&who),
        ));
        out.push_str(&format!(
            "<p>{}: <span class=\"login\">{}</span></p>\n",
            escape_html(&tr!("Логин", "Login")),
            escape_html(&s.login)
        ));
        out.push_str(&format!(
            "<p>{}: <span class=\"password\">{}</span></p>\n",
            escape_html(&tr!("Одноразовый пароль", "One-time password")),
            escape_html(&s.password)
        ));
        out.push_str(&format!(
            "<p>{}: {}</p>\n",
            escape_html(&tr!("Где входить", "Where to log in")),
            escape_html(&address)
        ));
        out.push_str(&format!(
            "<p class=\"note\">{}</p>\n</div>\n",
            escape_html(&tr!(
                "При первом входе задайте свой пароль.",
                "Choose your own password at the first login."
            ))
        ));
    }
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::names::FullName;

    #[test]
    fn one_slip_a_person_with_every_line() {
        let info = SheetInfo {
            school: "Школа <№1>".into(),
            class: "7Б".into(),
            address: String::new(),
        };
        let slips = vec![
            Slip {
                student: FullName::new("Иванов", "Иван", ""),
                parent: None,
                login: "ivanov".into(),
                password: "abcDEF2345".into(),
            },
            Slip {
                student: FullName::new("Иванов", "Иван", ""),
                parent: Some("Иванова А. Б.".into()),
                login: "ivanova".into(),
                password: "xyzXYZ6789".into(),
            },
        ];
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let page = slips_html(&info, &slips);
        assert_eq!(page.matches("class=\"slip\"").count(), 2);
        assert!(page.contains("Школа &lt;№1&gt;"));
        assert!(page.contains("abcDEF2345") && page.contains("xyzXYZ6789"));
        assert!(page.contains("спросите у классного руководителя"));
        assert_eq!(
            page.matches("При первом входе задайте свой пароль.")
                .count(),
            2
        );
    }
}
