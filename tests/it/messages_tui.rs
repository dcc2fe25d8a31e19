//! Messages and announcements on the screen, driven by keys at 80×24: the announcement
//! list and the week's events, unread marks on Today, in the diary and in the status
//! line, a conversation written and answered by keys with its read receipts, a message
//! from another connection showing at the next tick, the weekly report sent and the
//! administrator's review — and the journal checked afterwards.

use crate::common;
use common::TestJournal;

use common::tui::{app, key, login, screen, typed};
use ratatui::crossterm::event::KeyCode;
use zhurnal::domain::announce::Audience;
use zhurnal::store::Store;
use zhurnal::store::announce::NewAnnouncement;
use zhurnal::tui::app::Screen;

const DAY: &str = "2025-12-11";

fn announce(db: &std::path::Path) {
    let mut s = Store::open(db).expect("open");
    s.set_fixed_now(
        chrono::NaiveDate::from_ymd_opt(2025, 12, 10).and_then(|d| d.and_hms_opt(15, 0, 0)),
    );
    let deputy = s.actor("deputy").expect("deputy");
    let ct = s.actor("classteacher").expect("classteacher");
    let (b7, _) = s.class_by_name("7Б").expect("7Б");
    s.post_announcement(
        &deputy,
        &NewAnnouncement {
            audience: Audience::School,
            title: "Зимние каникулы с 29 декабря".into(),
            body: "Каникулы с 29.12.2025 по 11.01.2026.".into(),
            event_date: None,
        },
    )
    .expect("school");
    s.post_announcement(
        &ct,
        &NewAnnouncement {
            audience: Audience::Class(b7),
            title: "Родительское собрание".into(),
            body: "Кабинет 21, 18:00.".into(),
            event_date: chrono::NaiveDate::from_ymd_opt(2025, 12, 12),
        },
    )
    .expect("class");
}

#[test]
fn announcements_on_today_in_the_diary_in_the_list_and_the_week() {
    let j = TestJournal::demo();
    announce(j.db());
    let mut teacher = app(j.db(), DAY);
    login(&mut teacher, "teacher", "demo");
    insta::assert_snapshot!("today_with_announcements", screen(&teacher));
    let mut parent = app(j.db(), DAY);
    login(&mut parent, "parent", "demo");
    // The first child is in 3А: the school's announcement reaches them, the 7Б one
    // reaches the parent through the other child.
    let diary = screen(&parent);
    assert!(
        diary.contains("Объявления · новых: 2 · F9 — все"),
        "{diary}"
    );
    assert!(
        diary.contains("• 10.12 · 7Б · Родительское собрание [12.12]"),
        "{diary}"
    );
    // F9 opens what is new: here the announcements.
    key(&mut parent, KeyCode::F(9));
    insta::assert_snapshot!("announcement_list_unread", screen(&parent));
    key(&mut parent, KeyCode::Enter);
    let full = screen(&parent);
    assert!(full.contains("Кабинет 21, 18:00."), "{full}");
    assert!(full.contains("Когда: 12.12.2025"), "{full}");
    key(&mut parent, KeyCode::Esc);
    key(&mut parent, KeyCode::Tab);
    insta::assert_snapshot!("announcement_week", screen(&parent));
    // The week before has no events.
    key(&mut parent, KeyCode::Left);
    assert!(!screen(&parent).contains("Родительское собрание"));
    // Shown once, the announcements are read: back in the diary nothing is new.
    key(&mut parent, KeyCode::Esc);
    assert!(matches!(parent.screen, Screen::Diary(_)));
    let diary = screen(&parent);
    assert!(diary.contains("Объявления · F9 — все"), "{diary}");
    assert!(!diary.contains('•'), "{diary}");
    // Each reader has their own marks: the teacher's are still there until shown.
    teacher.tick();
    assert!(screen(&teacher).contains("новых: 2"));
    key(&mut teacher, KeyCode::F(9));
    key(&mut teacher, KeyCode::Esc);
    assert!(!screen(&teacher).contains("новых: 2"));
}

#[test]
fn a_conversation_by_keys_with_unread_counts_and_receipts() {
    let j = TestJournal::demo();
    let mut parent = app(j.db(), DAY);
    login(&mut parent, "parent", "demo");
    let mut teacher = app(j.db(), DAY);
    login(&mut teacher, "teacher", "demo");
    // The parent writes to the maths teacher: find her by name, subject, text.
    key(&mut parent, KeyCode::F(9));
    key(&mut parent, KeyCode::F(2));
    typed(&mut parent, "Бело");
    let picker = screen(&parent);
    assert!(
        picker.contains("Белова М.В. — Алгебра, Вероятность и статистика, Геометрия"),
        "{picker}"
    );
    assert!(
        !picker.contains("Воронцова"),
        "the filter narrows: {picker}"
    );
    key(&mut parent, KeyCode::Enter);
    key(&mut parent, KeyCode::Tab);
    typed(&mut parent, "Контрольная");
    key(&mut parent, KeyCode::Tab);
    typed(&mut parent, "Здравствуйте! Можно переписать контрольную?");
    key(&mut parent, KeyCode::Enter);
    typed(&mut parent, "Соболева Н.В.");
    insta::assert_snapshot!("message_compose", screen(&parent));
    key(&mut parent, KeyCode::F(2));
    assert!(screen(&parent).contains("не прочитано"));
    // The teacher's open screen learns of it at the next tick.
    assert!(teacher.tick());
    assert_eq!(teacher.unread, 1);
    insta::assert_snapshot!("today_unread_message", screen(&teacher));
    key(&mut teacher, KeyCode::F(9));
    insta::assert_snapshot!("thread_list_unread", screen(&teacher));
    key(&mut teacher, KeyCode::Enter);
    assert_eq!(teacher.unread, 0);
    // A short conversation does not scroll away into emptiness.
    for _ in 0..5 {
        key(&mut teacher, KeyCode::Down);
    }
    assert!(screen(&teacher).contains("Контрольная — Белова М.В., Соболева Н.В."));
    key(&mut teacher, KeyCode::Enter);
    typed(&mut teacher, "Да, в четверг после уроков.");
    key(&mut teacher, KeyCode::F(2));
    assert!(screen(&teacher).contains("отправлено"));
    // The parent's open conversation shows the answer and the receipt.
    assert!(parent.tick());
    insta::assert_snapshot!("thread_with_receipts", screen(&parent));
    // Esc with a reply half-written keeps it as a draft; Enter takes it up again.
    key(&mut parent, KeyCode::Enter);
    typed(&mut parent, "Спасибо");
    key(&mut parent, KeyCode::Esc);
    assert!(screen(&parent).contains("черновик отложен"));
    key(&mut parent, KeyCode::Enter);
    typed(&mut parent, "!");
    key(&mut parent, KeyCode::F(2));
    let s = Store::open(j.db()).expect("open");
    let p = s.actor("parent").expect("parent");
    let t = s.threads(&p).expect("threads");
    assert_eq!(t.len(), 1);
    let thread = s.thread(&p, t[0].id).expect("thread");
    let bodies: Vec<&str> = thread.messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(
        bodies,
        [
            "Здравствуйте! Можно переписать контрольную?\nСоболева Н.В.",
            "Да, в четверг после уроков.",
            "Спасибо!"
        ]
    );
    assert_eq!(thread.subject, "Контрольная");
}

#[test]
fn the_weekly_report_goes_from_the_class_teacher_to_the_parent() {
    let j = TestJournal::demo();
    let mut ct = app(j.db(), DAY);
    login(&mut ct, "classteacher", "demo");
    key(&mut ct, KeyCode::F(9));
    key(&mut ct, KeyCode::F(5));
    let form = screen(&ct);
    assert!(form.contains("Отчёт за неделю для родителей"), "{form}");
    // The student is picked from the class by the first letters; the report shows,
    // F2 sends it.
    typed(&mut ct, "Соболев Матвей");
    key(&mut ct, KeyCode::Enter);
    key(&mut ct, KeyCode::Enter);
    key(&mut ct, KeyCode::F(2));
    let after = screen(&ct);
    assert!(
        after.contains("отчёт за неделю отправлен родителям"),
        "{after}"
    );
    let mut parent = app(j.db(), DAY);
    login(&mut parent, "parent", "demo");
    assert_eq!(parent.unread, 1);
    key(&mut parent, KeyCode::F(9));
    key(&mut parent, KeyCode::Enter);
    // A conversation opens at its latest lines; Home goes to its start.
    key(&mut parent, KeyCode::Home);
    let report = screen(&parent);
    assert!(report.contains("отчёт за неделю"), "{report}");
    assert!(report.contains("Соболев Матвей Андреевич, 7Б"), "{report}");
    // A plain teacher cannot send one.
    let mut teacher = app(j.db(), DAY);
    login(&mut teacher, "teacher", "demo");
    key(&mut teacher, KeyCode::F(9));
    key(&mut teacher, KeyCode::F(5));
    assert!(screen(&teacher).contains("отправляет классный руководитель"));
}

#[test]
fn the_administrator_reviews_through_an_audited_action_only() {
    let j = TestJournal::demo();
    {
        let mut s = Store::open(j.db()).expect("open");
        let p = s.actor("parent").expect("parent");
        let t = s.actor("teacher").expect("teacher").user_id.expect("id");
        s.start_thread(&p, t, "Вопрос", "Текст для проверки")
            .expect("send");
    }
    let mut admin = app(j.db(), DAY);
    login(&mut admin, "admin", "demo");
    key(&mut admin, KeyCode::End);
    key(&mut admin, KeyCode::Enter);
    assert!(matches!(admin.screen, Screen::Messages(_)));
    // The administrator's own list does not hold other people's conversations.
    assert!(!screen(&admin).contains("Вопрос"));
    key(&mut admin, KeyCode::F(6));
    typed(&mut admin, "parent");
    key(&mut admin, KeyCode::Enter);
    let review = screen(&admin);
    assert!(review.contains("записан в журнал изменений"), "{review}");
    assert!(review.contains("Текст для проверки"), "{review}");
    // Nothing can be written under review.
    key(&mut admin, KeyCode::Enter);
    assert!(!matches!(&admin.screen, Screen::Thread(t) if t.reply.is_some()));
    let conn = rusqlite::Connection::open(j.db()).expect("sqlite");
    let reviews: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'review' AND new_value = 'parent'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(reviews, 1);
}

#[test]
fn a_class_teacher_posts_an_announcement_from_the_screen() {
    let j = TestJournal::demo();
    let mut ct = app(j.db(), DAY);
    login(&mut ct, "classteacher", "demo");
    key(&mut ct, KeyCode::F(9));
    key(&mut ct, KeyCode::Tab);
    key(&mut ct, KeyCode::F(2));
    // The class is filled in; first try the whole school, which is not hers.
    for _ in 0..2 {
        key(&mut ct, KeyCode::Backspace);
    }
    typed(&mut ct, "school");
    key(&mut ct, KeyCode::Enter);
    typed(&mut ct, "Экскурсия");
    key(&mut ct, KeyCode::Enter);
    typed(&mut ct, "Сбор у школы в 9:00");
    key(&mut ct, KeyCode::Enter);
    typed(&mut ct, "13.12.2025");
    key(&mut ct, KeyCode::Enter);
    let refused = screen(&ct);
    assert!(
        refused.contains("только своему классу") || refused.contains("администрация"),
        "{refused}"
    );
    // The form stays with what was typed; the class instead.
    key(&mut ct, KeyCode::Tab);
    for _ in 0.."school".len() {
        key(&mut ct, KeyCode::Backspace);
    }
    typed(&mut ct, "7Б");
    for _ in 0..4 {
        key(&mut ct, KeyCode::Enter);
    }
    let posted = screen(&ct);
    assert!(posted.contains("объявление опубликовано"), "{posted}");
    assert!(posted.contains("7Б · Экскурсия [13.12]"), "{posted}");
    let mut parent = app(j.db(), DAY);
    login(&mut parent, "parent", "demo");
    assert!(screen(&parent).contains("• 11.12 · 7Б · Экскурсия [13.12]"));
    let s = Store::open(j.db()).expect("open");
    let p = s.actor("parent").expect("parent");
    let week = s
        .announcements_for(&p, chrono::NaiveDate::from_ymd_opt(2025, 12, 8))
        .expect("week");
    assert_eq!(week.len(), 1);
    assert_eq!(week[0].body, "Сбор у школы в 9:00");
}

#[test]
fn the_week_opens_the_event_under_the_cursor_and_a_draft_is_not_lost_silently() {
    let j = TestJournal::demo();
    announce(j.db());
    {
        // An earlier event of the same week, posted later.
        let mut s = Store::open(j.db()).expect("open");
        let deputy = s.actor("deputy").expect("deputy");
        s.post_announcement(
            &deputy,
            &NewAnnouncement {
                audience: Audience::School,
                title: "Субботник".into(),
                body: "Во вторник после уроков.".into(),
                event_date: chrono::NaiveDate::from_ymd_opt(2025, 12, 9),
            },
        )
        .expect("post");
    }
    let mut parent = app(j.db(), DAY);
    login(&mut parent, "parent", "demo");
    key(&mut parent, KeyCode::F(9));
    key(&mut parent, KeyCode::Tab);
    // Tuesday's event comes first in the calendar, Friday's second.
    key(&mut parent, KeyCode::Enter);
    assert!(screen(&parent).contains("Во вторник после уроков."));
    key(&mut parent, KeyCode::Esc);
    key(&mut parent, KeyCode::Down);
    key(&mut parent, KeyCode::Enter);
    assert!(screen(&parent).contains("Кабинет 21, 18:00."));
    key(&mut parent, KeyCode::Esc);

    // Choosing whom to write to: the cursor moved, then a filter typed.
    key(&mut parent, KeyCode::Tab);
    key(&mut parent, KeyCode::F(2));
    for _ in 0..5 {
        key(&mut parent, KeyCode::Down);
    }
    typed(&mut parent, "Воронц");
    key(&mut parent, KeyCode::Enter);
    let Screen::Compose(c) = &parent.screen else {
        panic!("compose: {}", screen(&parent));
    };
    assert_eq!(
        c.to.as_ref().map(|t| t.login.as_str()),
        Some("classteacher")
    );
    // Enter in the one-line subject goes on to the text.
    key(&mut parent, KeyCode::Tab);
    typed(&mut parent, "Справка");
    key(&mut parent, KeyCode::Enter);
    typed(&mut parent, "Принесём завтра.");
    let Screen::Compose(c) = &parent.screen else {
        panic!("compose");
    };
    assert_eq!(
        (c.subject_text(), c.body_text()),
        ("Справка".into(), "Принесём завтра.".into())
    );
    // Esc goes back to the list of people with the text kept; Esc again asks first.
    key(&mut parent, KeyCode::Esc);
    key(&mut parent, KeyCode::Esc);
    assert!(screen(&parent).contains("Сообщение не отправлено. Выйти и потерять его?"));
    key(&mut parent, KeyCode::Esc);
    key(&mut parent, KeyCode::Enter);
    assert!(
        screen(&parent).contains("Принесём завтра."),
        "the draft is back"
    );
}
