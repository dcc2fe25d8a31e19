//! The typed ids as SQL values: each is stored as its plain integer.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::ids::{
    ClassId, CourseId, LessonId, MarkId, PeriodId, StaffId, StudentId, UserId,
};

macro_rules! sql_ids {
    ($($name:ident),* $(,)?) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }
    )*};
}

sql_ids!(
    LessonId, StudentId, CourseId, ClassId, PeriodId, StaffId, UserId, MarkId
);
