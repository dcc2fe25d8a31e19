use super::*;

fn lines(e: Vec<ImportError>) -> Vec<String> {
    e.into_iter().map(|e| e.to_string()).collect()
}

#[test]
fn students_in_russian_with_dotted_dates() {
    let text = "Класс;Фамилия;Имя;Отчество;Дата рождения\n7б;Ёлкина;Анна;Ивановна;05.03.2012\n";
    let s = students(text, "s.csv").expect("ok");
    assert_eq!(s[0].class.to_string(), "7Б");
    assert_eq!(s[0].birth_date, parse_date("2012-03-05"));
}

#[test]
fn every_bad_row_is_reported_with_its_line() {
    let text = "class,last_name,first_name,birth_date\n7Б,Иванов,Иван,2012-01-01\n15А,Петров,Пётр,\n7Б,,Олег,\n7Б,Сидоров,Сидор,31.02.2012\n";
    let e = lines(students(text, "students.csv").expect_err("bad"));
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(
        e[0].starts_with("students.csv:3: ") && e[0].contains("15А"),
        "{e:?}"
    );
    assert!(e[1].starts_with("students.csv:4: "), "{e:?}");
    assert!(
        e[2].starts_with("students.csv:5: ") && e[2].contains("31.02.2012"),
        "{e:?}"
    );
}

#[test]
fn staff_roles_and_homeroom() {
    let text = "login,last_name,first_name,patronymic,roles,homeroom\nivanova,Иванова,Мария,Петровна,teacher deputy,7Б\nx,Икс,Игрек,,повар,\n";
    let e = lines(staff(text, "staff.csv").expect_err("bad role"));
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("staff.csv:3: ") && e[0].contains("повар"),
        "{e:?}"
    );
    let ok = staff(&text.replace("повар", "учитель"), "staff.csv").expect("ok");
    assert_eq!(ok[0].roles, Some(vec![Role::Teacher, Role::Deputy]));
    assert_eq!(
        ok[0].homeroom.clone().flatten().map(|c| c.to_string()),
        Some("7Б".into())
    );
    assert_eq!(ok[1].homeroom, Some(None), "an empty cell: no homeroom");
    // Columns the file lacks say nothing about what the journal holds.
    let bare = staff("login,last_name,first_name\nx,Икс,Игрек\n", "s.csv").expect("ok");
    assert_eq!(
        (bare[0].roles.clone(), bare[0].homeroom.clone()),
        (None, None)
    );
    assert!(!bare[0].patronymic_given && ok[0].patronymic_given);
}

#[test]
fn timetable_weekdays_in_words() {
    assert_eq!(parse_weekday("Пн"), Some(1));
    assert_eq!(parse_weekday("пятница"), Some(5));
    assert_eq!(parse_weekday("Saturday"), Some(6));
    assert_eq!(parse_weekday("8"), None);
    assert_eq!(parse_weekday("завтра"), None);
    let text =
        "class,group,subject,weekday,lesson,room\n7Б,,Алгебра,Пн,1,214\n7Б,,Алгебра,Пн,13,214\n";
    let e = lines(timetable(text, "t.csv").expect_err("bad"));
    assert!(
        e[0].starts_with("t.csv:3: ") && e[0].contains("13"),
        "{e:?}"
    );
}

#[test]
fn plan_numbers_must_be_unique() {
    let text = "order,topic,hours\n1,Введение,1\n2,Многочлены,2\n2,Повтор,1\n3,Итог,0\n";
    let e = lines(plan(text, "p.csv").expect_err("bad"));
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].contains("p.csv:4:") && e[1].contains("p.csv:5:"),
        "{e:?}"
    );
}

#[test]
fn lenient_parsing_keeps_the_good_rows_beside_the_bad() {
    let text = "class,last_name,first_name\n7Б,Иванов,Иван\n15А,Петров,Пётр\n7Б,Сидоров,Сидор,лишнее\n8А,Козлов,Олег\n";
    let p = parse_students(text, "s.csv");
    let names: Vec<&str> = p.rows.iter().map(|r| r.name.last.as_str()).collect();
    assert_eq!(names, vec!["Иванов", "Козлов"]);
    let lines: Vec<usize> = p.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4], "{:?}", p.errors);
    assert!(p.into_result().is_err());
    // A broken header leaves nothing to read.
    let p = parse_students("klass,last_name\n7Б,Иванов\n", "s.csv");
    assert!(p.rows.is_empty() && !p.errors.is_empty());
}

#[test]
fn a_plan_without_dates_and_a_timetable_without_rooms_say_nothing_of_them() {
    let p = plan("order,topic,hours\n1,Введение,1\n", "p.csv").expect("ok");
    assert_eq!(p[0].date, None);
    let p = plan("order,topic,hours,date\n1,Введение,1,\n", "p.csv").expect("ok");
    assert_eq!(p[0].date, Some(None));
    let t = timetable("class,subject,weekday,lesson\n7Б,Алгебра,Пн,1\n", "t.csv").expect("ok");
    assert_eq!(t[0].room, None);
}

#[test]
fn courses_accept_decimal_comma() {
    let text =
        "Класс;Предмет;Группа;Учитель;Часы\n7Б;Алгебра;;teacher;3\n7Б;Информатика;1;it;0,5\n";
    let c = courses(text, "c.csv").expect("ok");
    assert_eq!(c[1].hours, 0.5);
    assert_eq!(c[1].group.as_deref(), Some("1"));
}
