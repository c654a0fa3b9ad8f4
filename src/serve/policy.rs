//! Who may see and do what. Every handler asks here before it reads or writes a project's data;
//! a project the caller may not see answers 404, the same as one that does not exist.
//!
//! | role | sees | does |
//! |---|---|---|
//! | applicant | its organisation's projects | creates projects, uploads rounds |
//! | reviewer | projects in its organisation's region | remarks, issues review opinions, grants waivers |
//! | inspector | projects in its organisation's region | checklists, acceptance records (of approved rounds) |
//! | admin | every project | organisations, users, the audit log; no review or acceptance |

use super::auth::{Caller, Role};
use super::error::ServeError;

/// What the policy needs to know of a project.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The applicant organisation that owns it.
    pub org_id: i64,
    /// Its 6-digit region code.
    pub region: String,
}

/// Whether a region code lies in an authority's region (a code prefix; empty means none).
pub fn in_region(authority_region: &str, project_region: &str) -> bool {
    !authority_region.is_empty() && project_region.starts_with(authority_region)
}

/// May the caller see the project at all?
pub fn can_view(caller: &Caller, project: &Scope) -> bool {
    match caller.role {
        Role::Admin => true,
        Role::Applicant => caller.org_id == project.org_id,
        Role::Reviewer | Role::Inspector => in_region(&caller.region, &project.region),
    }
}

/// Only an applicant submits, and only for its own projects.
pub fn can_submit(caller: &Caller, project: &Scope) -> bool {
    caller.role == Role::Applicant && caller.org_id == project.org_id
}

/// Remarks, issuing review opinions and granting waivers: the region's reviewers.
pub fn can_review(caller: &Caller, project: &Scope) -> bool {
    caller.role == Role::Reviewer && can_view(caller, project)
}

/// Checklists and acceptance records: the region's inspectors.
pub fn can_inspect(caller: &Caller, project: &Scope) -> bool {
    caller.role == Role::Inspector && can_view(caller, project)
}

/// 404 when the caller may not see the project, 403 when it may see but not do this.
pub fn require(
    caller: &Caller,
    project: &Scope,
    allowed: fn(&Caller, &Scope) -> bool,
    what: &str,
) -> Result<(), ServeError> {
    if !can_view(caller, project) {
        return Err(ServeError::NotFound);
    }
    if !allowed(caller, project) {
        return Err(ServeError::Forbidden(format!(
            "a {} may not {what}",
            caller.role.id()
        )));
    }
    Ok(())
}

/// Creating projects: applicants only.
pub fn require_role(caller: &Caller, roles: &[Role], what: &str) -> Result<(), ServeError> {
    if roles.contains(&caller.role) {
        Ok(())
    } else {
        Err(ServeError::Forbidden(format!(
            "a {} may not {what}",
            caller.role.id()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(role: Role, org_id: i64, region: &str) -> Caller {
        Caller {
            user_id: 1,
            username: "u".into(),
            display_name: "u".into(),
            role,
            org_id,
            org_name: "o".into(),
            region: region.into(),
        }
    }

    #[test]
    fn regions_are_prefixes_and_empty_sees_nothing() {
        assert!(in_region("5329", "532901"));
        assert!(!in_region("5301", "532901"));
        assert!(!in_region("", "532901"));
    }

    #[test]
    fn only_the_owner_submits_and_only_the_region_reviews() {
        let p = Scope {
            org_id: 7,
            region: "532901".into(),
        };
        assert!(can_submit(&caller(Role::Applicant, 7, ""), &p));
        assert!(!can_submit(&caller(Role::Applicant, 8, ""), &p));
        assert!(!can_view(&caller(Role::Applicant, 8, "532901"), &p));
        assert!(can_review(&caller(Role::Reviewer, 2, "5329"), &p));
        assert!(!can_review(&caller(Role::Reviewer, 2, "5301"), &p));
        assert!(!can_review(&caller(Role::Inspector, 3, "5329"), &p));
        assert!(can_view(&caller(Role::Admin, 1, ""), &p));
        assert!(!can_review(&caller(Role::Admin, 1, ""), &p));
    }
}
