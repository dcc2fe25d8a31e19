//! The demo school's announcements and one conversation, dated around the last day of
//! the history, so that the messages screens have something to show: a school-wide
//! notice, a class's parents' meeting and a staff meeting in the calendar, and a
//! parent's question the maths teacher has answered (the answer not yet read).

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, Weekday};

use crate::domain::announce::Audience;
use crate::store::announce::NewAnnouncement;
use crate::store::{Store, StoreError};
use crate::tr;

fn at(day: NaiveDate, h: u32, m: u32) -> Option<NaiveDateTime> {
    day.and_hms_opt(h, m, 0)
}

/// The first `weekday` on or after `day`.
fn next(day: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - day.weekday().num_days_from_monday()) % 7;
    day + Days::new(u64::from(ahead))
}

pub fn fill(store: &mut Store, until: NaiveDate) -> Result<(), StoreError> {
    let days_before = |n: u64| until - Days::new(n);
    let deputy = store.actor("deputy")?;
    let director = store.actor("director")?;
    let class_teacher = store.actor("classteacher")?;
    let class = class_teacher.homeroom.first().copied();

    store.set_fixed_now(at(days_before(3), 16, 0));
    store.post_announcement(
        &deputy,
        &NewAnnouncement {
            audience: Audience::School,
            title: tr!("Конкурс чтецов", "Recitation contest"),
            body: tr!(
                "Приглашаем учеников 5–9 классов. Заявки — классным руководителям до пятницы.",
                "Students of grades 5–9 are welcome. Sign up with your class teacher by Friday."
            ),
            event_date: None,
        },
    )?;
    if let Some(class) = class {
        store.set_fixed_now(at(days_before(2), 15, 30));
        store.post_announcement(
            &class_teacher,
            &NewAnnouncement {
                audience: Audience::Class(class),
                title: tr!("Родительское собрание", "Parents' meeting"),
                body: tr!(
                    "Итоги четверти и подготовка к контрольным работам. Кабинет 21, 18:00.",
                    "The term's results and the coming tests. Room 21, 6 p.m."
                ),
                event_date: Some(next(until, Weekday::Fri)),
            },
        )?;
    }
    store.set_fixed_now(at(days_before(1), 17, 0));
    store.post_announcement(
        &director,
        &NewAnnouncement {
            audience: Audience::Staff,
            title: tr!("Педагогический совет", "Staff meeting"),
            body: tr!(
                "Итоги периода, успеваемость, подготовка к ВПР. Актовый зал, 15:00.",
                "The period's results, progress, the coming national tests. Assembly hall, 3 p.m."
            ),
            event_date: Some(next(until + Days::new(1), Weekday::Wed)),
        },
    )?;

    // A parent asks the maths teacher; she reads it the next morning and answers.
    let parent = store.actor("parent")?;
    let teacher = store.actor("teacher")?;
    let Some(teacher_id) = teacher.user_id else {
        return Ok(());
    };
    store.set_fixed_now(at(days_before(2), 19, 40));
    let thread = store.start_thread(
        &parent,
        teacher_id,
        &tr!("Контрольная по алгебре", "The algebra test"),
        &tr!(
            "Здравствуйте! Сын болел и пропустил контрольную. Можно ли написать её позже?",
            "Hello! My son was ill and missed the test. May he write it later?"
        ),
    )?;
    store.set_fixed_now(at(days_before(1), 8, 10));
    store.mark_thread_read(&teacher, thread)?;
    store.set_fixed_now(at(days_before(1), 8, 12));
    store.reply(
        &teacher,
        thread,
        &tr!(
            "Здравствуйте! Да, в среду после шестого урока, кабинет 301.",
            "Hello! Yes, on Wednesday after the sixth lesson, room 301."
        ),
    )?;
    store.set_fixed_now(None);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_weekday_on_or_after() {
        let thu = NaiveDate::from_ymd_opt(2025, 12, 11).expect("date");
        assert_eq!(next(thu, Weekday::Fri).day(), 12);
        assert_eq!(next(thu, Weekday::Thu), thu);
        assert_eq!(next(thu, Weekday::Wed).day(), 17);
    }
}
