//! Announcements on the demo school: who may post them to whom, whom they reach, and
//! the reader's unread marks, through the store and the command line.

use crate::common;
use common::TestJournal;

use common::stdout;
use zhurnal::domain::announce::Audience;
use zhurnal::store::Store;
use zhurnal::store::announce::NewAnnouncement;

fn note(audience: Audience, title: &str) -> NewAnnouncement {
    NewAnnouncement {
        audience,
        title: title.into(),
        body: String::new(),
        event_date: None,
    }
}

#[test]
fn each_audience_reaches_its_readers_only() {
    let j = TestJournal::demo();
    let mut s = Store::open(j.db()).expect("open");
    let who = |s: &Store, l: &str| s.actor(l).expect(l);
    let (admin, deputy, ct, teacher, parent, student) = (
        who(&s, "admin"),
        who(&s, "deputy"),
        who(&s, "classteacher"),
        who(&s, "teacher"),
        who(&s, "parent"),
        who(&s, "student"),
    );
    let (b7, _) = s.class_by_name("7Б").expect("7Б");
    let (other, _) = s.class_by_name("8А").expect("8А");
    s.post_announcement(&admin, &note(Audience::School, "Каникулы"))
        .expect("school");
    s.post_announcement(&deputy, &note(Audience::Staff, "Педсовет"))
        .expect("staff");
    s.post_announcement(&ct, &note(Audience::Class(b7), "Собрание 7Б"))
        .expect("own class");
    s.post_announcement(&deputy, &note(Audience::Class(other), "Собрание 8А"))
        .expect("any class");
    s.post_announcement(&deputy, &note(Audience::Grade(7), "Олимпиада 7-х"))
        .expect("grade");
    // A class teacher writes to their own class only; a teacher and a parent not at all.
    assert!(
        s.post_announcement(&ct, &note(Audience::Class(other), "x"))
            .is_err()
    );
    assert!(
        s.post_announcement(&ct, &note(Audience::School, "x"))
            .is_err()
    );
    assert!(
        s.post_announcement(&teacher, &note(Audience::Staff, "x"))
            .is_err()
    );
    assert!(
        s.post_announcement(&parent, &note(Audience::School, "x"))
            .is_err()
    );

    let titles = |s: &Store, a| -> Vec<String> {
        s.announcements_for(a, None)
            .expect("list")
            .into_iter()
            .map(|r| r.title)
            .collect()
    };
    assert_eq!(
        titles(&s, &student),
        vec!["Олимпиада 7-х", "Собрание 7Б", "Каникулы"],
        "newest first; not the staff room, not another class"
    );
    let p = titles(&s, &parent);
    assert!(p.contains(&"Собрание 7Б".to_string()) && !p.contains(&"Собрание 8А".to_string()));
    assert!(!p.contains(&"Педсовет".to_string()));
    assert_eq!(
        titles(&s, &teacher).len(),
        5,
        "the staff see everything posted"
    );
    // Unread until read.
    let rows = s.announcements_for(&student, None).expect("list");
    assert!(rows.iter().all(|r| r.unread));
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    s.mark_announcements_read(&student, &ids[..1])
        .expect("read");
    let rows = s.announcements_for(&student, None).expect("list");
    assert_eq!(
        rows.iter().map(|r| r.unread).collect::<Vec<_>>(),
        vec![false, true, true]
    );
    assert!(
        s.announcements_for(&parent, None)
            .expect("list")
            .iter()
            .all(|r| r.unread),
        "reading is per user"
    );
}

#[test]
fn a_script_posts_an_event_and_a_parent_reads_it_once_as_new() {
    let j = TestJournal::demo();
    j.ok(&[
        "announce",
        "--to",
        "7Б",
        "--title",
        "Замена: физкультура в 305",
        "--text",
        "во вторник",
        "--date",
        "16.12.2025",
        "--as",
        "classteacher",
    ]);
    let first = j.ok(&["announcements", "--as", "parent"]);
    assert!(
        first.contains("● ") && first.contains("Замена: физкультура в 305"),
        "{first}"
    );
    assert!(
        first.contains("[16.12.2025]") && first.contains("7Б"),
        "{first}"
    );
    let again = j.ok(&["announcements", "--as", "parent"]);
    assert!(!again.contains('●'), "read now: {again}");
    let week = j.ok(&["announcements", "--as", "parent", "--week", "15.12.2025"]);
    assert!(week.contains("Замена"), "{week}");
    let other_week = j.ok(&["announcements", "--as", "parent", "--week", "22.12.2025"]);
    assert!(!other_week.contains("Замена"), "{other_week}");
    let refused = j.run(&[
        "announce", "--to", "school", "--title", "x", "--as", "teacher",
    ]);
    assert!(!refused.status.success());
    assert!(stdout(&refused).is_empty());
}

#[test]
fn a_class_no_longer_reaches_the_family_of_a_child_who_left_it() {
    let j = TestJournal::demo();
    let mut s = Store::open(j.db()).expect("open");
    let ct = s.actor("classteacher").expect("classteacher");
    let (b7, _) = s.class_by_name("7Б").expect("7Б");
    let student = s.actor("student").expect("student");
    s.post_announcement(&ct, &note(Audience::Class(b7), "Собрание 7Б"))
        .expect("post");
    let titles = |s: &Store| -> Vec<String> {
        s.announcements_for(&student, None)
            .expect("list")
            .into_iter()
            .map(|a| a.title)
            .collect()
    };
    assert_eq!(titles(&s), ["Собрание 7Б"]);
    let left = s.today() - chrono::Days::new(1);
    s.depart_student(
        &zhurnal::domain::policy::Actor::local_operator(),
        student.student_id.expect("a student"),
        left,
        "Приказ № 5",
    )
    .expect("depart");
    assert!(titles(&s).is_empty(), "{:?}", titles(&s));
}
