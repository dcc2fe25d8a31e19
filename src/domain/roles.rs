//! The roles a user may hold; one user may hold several.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Admin,
    Director,
    Deputy,
    Teacher,
    ClassTeacher,
    Parent,
    Student,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Director,
        Role::Deputy,
        Role::Teacher,
        Role::ClassTeacher,
        Role::Parent,
        Role::Student,
    ];

    /// The stored token.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Director => "director",
            Role::Deputy => "deputy",
            Role::Teacher => "teacher",
            Role::ClassTeacher => "class_teacher",
            Role::Parent => "parent",
            Role::Student => "student",
        }
    }

    /// The role's name on the screens, in the interface language.
    pub fn label(self) -> &'static str {
        use crate::i18n::pick;
        match self {
            Role::Admin => pick("администратор", "administrator"),
            Role::Director => pick("директор", "director"),
            Role::Deputy => pick("заместитель директора", "deputy director"),
            Role::Teacher => pick("учитель", "teacher"),
            Role::ClassTeacher => pick("классный руководитель", "class teacher"),
            Role::Parent => pick("родитель", "parent"),
            Role::Student => pick("ученик", "student"),
        }
    }

    /// Roles as the screens name them: «учитель, классный руководитель».
    pub fn labels(roles: &[Role]) -> String {
        roles
            .iter()
            .map(|r| r.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Parses the stored token or the words a school office writes in a staff list.
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_lowercase().replace('ё', "е");
        Some(match s.as_str() {
            "admin" | "administrator" | "администратор" => Role::Admin,
            "director" | "директор" => Role::Director,
            "deputy" | "завуч" | "заместитель" | "зам" => Role::Deputy,
            "teacher" | "учитель" | "педагог" => Role::Teacher,
            "class_teacher" | "classteacher" | "классный руководитель" => {
                Role::ClassTeacher
            }
            "parent" | "родитель" => Role::Parent,
            "student" | "ученик" | "учащийся" => Role::Student,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("Завуч"), Some(Role::Deputy));
        assert_eq!(Role::parse("повар"), None);
    }
}
