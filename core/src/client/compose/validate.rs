//! The compose schema's checks, as compose-go reports them (`validating FILE: ...` is added
//! by the caller): the properties each level allows, and the types of the fields this
//! simulator reads. What compose-go refuses before its schema runs is [`shape`].

use super::yaml::{Node, Scalar};

type Res<T> = Result<T, String>;

/// Every property the compose schema allows on a service.
const SERVICE_KEYS: &str = "annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs container_name cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares cpus cpuset credential_spec depends_on deploy develop device_cgroup_rules devices dns dns_opt dns_search domainname entrypoint env_file environment expose extends external_links extra_hosts gpus group_add healthcheck hostname image init ipc isolation label_file labels links logging mac_address mem_limit mem_reservation mem_swappiness memswap_limit network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports post_start pre_stop privileged profiles provider pull_policy pull_refresh_after read_only restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits user userns_mode uts volumes volumes_from working_dir";
const ROOT_KEYS: &str = "configs include name networks secrets services version volumes";
const HEALTHCHECK_KEYS: &str = "disable interval retries start_interval start_period test timeout";
const NETWORK_KEYS: &str = "attachable driver driver_opts enable_ipv4 enable_ipv6 external internal ipam labels name";
const VOLUME_KEYS: &str = "driver driver_opts external labels name";
const BUILD_KEYS: &str = "additional_contexts args cache_from cache_to context dockerfile dockerfile_inline entitlements extra_hosts isolation labels network no_cache platforms privileged pull secrets shm_size ssh tags target ulimits";
const PORT_KEYS: &str = "app_protocol host_ip mode name protocol published target";
const MOUNT_KEYS: &str = "bind consistency image read_only source target tmpfs type volume";

fn additional(entries: &[(Node, Node)], allowed: &str, path: &str) -> Res<()> {
    let mut unknown: Vec<&str> = entries
        .iter()
        .filter_map(|(k, _)| k.text())
        .filter(|k| !k.starts_with("x-") && !allowed.split(' ').any(|a| a == *k))
        .collect();
    crate::sort::sort(&mut unknown);
    match unknown.first() {
        Some(k) => Err(format!("{path} Additional property {k} is not allowed")),
        None => Ok(()),
    }
}

/// What a schema type accepts.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    Bool,
    Num,
    List,
    /// A mapping or a list (`environment`, `labels`, `build.args`).
    ListOrDict,
    /// null, a string or a list (`command`, `entrypoint`).
    Command,
    /// A string or a list (`env_file`, `dns`).
    StrOrList,
}

fn check_ty(node: &Node, ty: Ty, path: &str) -> Res<()> {
    let s = node.scalar();
    let ok = match ty {
        Ty::Str => matches!(s, Some(Scalar::Str(_))),
        Ty::Bool => matches!(s, Some(Scalar::Bool(_) | Scalar::Str(_))),
        Ty::Num => matches!(s, Some(Scalar::Int(_) | Scalar::Float(_) | Scalar::Str(_))),
        Ty::List => node.seq().is_some(),
        Ty::ListOrDict => node.seq().is_some() || node.map().is_some(),
        Ty::Command => node.seq().is_some() || matches!(s, Some(Scalar::Null | Scalar::Str(_))),
        Ty::StrOrList => node.seq().is_some() || matches!(s, Some(Scalar::Str(_))),
    };
    if ok {
        return Ok(());
    }
    let want = match ty {
        Ty::Str | Ty::StrOrList => "a string",
        Ty::Bool => "a boolean",
        Ty::Num => "a number",
        Ty::List => "a list",
        Ty::ListOrDict => "a mapping",
        Ty::Command => "a null",
    };
    Err(format!("{path} must be {want}"))
}

/// What compose-go refuses before the schema sees the file: `services` that is not a
/// mapping, a service that is a string or a list (a null one is the schema's to refuse).
pub(super) fn shape(root: &Node) -> Res<()> {
    let Some(services) = root.get("services") else { return Ok(()) };
    let Some(services) = services.map() else { return Err("services must be a mapping".to_string()) };
    for (k, svc) in services {
        if svc.map().is_none() && !svc.is_null() {
            return Err(format!("services.{} must be a mapping", k.text().unwrap_or("")));
        }
    }
    Ok(())
}

pub(super) fn validate(root: &Node) -> Res<()> {
    let entries = root.map().unwrap_or(&[]);
    additional(entries, ROOT_KEYS, "(root)")?;
    if let Some(services) = root.get("services") {
        let services = services.map().unwrap_or(&[]);
        for (k, svc) in services {
            let name = k.text().unwrap_or("");
            let path = format!("services.{name}");
            let Some(fields) = svc.map() else { return Err(format!("{path} must be a mapping")) };
            additional(fields, SERVICE_KEYS, &path)?;
            validate_service(fields, &path)?;
        }
    }
    for top in ["networks", "volumes"] {
        let Some(section) = root.get(top) else { continue };
        let Some(items) = section.map() else {
            if section.is_null() {
                continue;
            }
            return Err(format!("{top} must be a mapping"));
        };
        for (k, v) in items {
            let path = format!("{top}.{}", k.text().unwrap_or(""));
            if v.is_null() {
                continue;
            }
            let Some(fields) = v.map() else { return Err(format!("{path} must be a mapping or null")) };
            additional(fields, if top == "networks" { NETWORK_KEYS } else { VOLUME_KEYS }, &path)?;
        }
    }
    if let Some(n) = root.get("name") {
        check_ty(n, Ty::Str, "name")?;
    }
    Ok(())
}

fn validate_service(fields: &[(Node, Node)], path: &str) -> Res<()> {
    for (k, v) in fields {
        let key = k.text().unwrap_or("");
        let p = format!("{path}.{key}");
        let ty = match key {
            "image" | "container_name" | "hostname" | "working_dir" | "user" | "restart" | "platform"
            | "pull_policy" | "stop_signal" | "network_mode" | "stop_grace_period" => Some(Ty::Str),
            "command" | "entrypoint" => Some(Ty::Command),
            "environment" | "labels" => Some(Ty::ListOrDict),
            "ports" | "expose" | "volumes" | "cap_add" | "cap_drop" | "profiles" | "devices" => Some(Ty::List),
            "env_file" | "dns" => Some(Ty::StrOrList),
            "tty" | "stdin_open" | "privileged" | "read_only" | "init" => Some(Ty::Bool),
            "scale" => Some(Ty::Num),
            _ => None,
        };
        if let Some(ty) = ty {
            check_ty(v, ty, &p)?;
        }
        match key {
            "environment" | "labels" => {
                if let Some(m) = v.map() {
                    for (ek, ev) in m {
                        if ev.map().is_some() || ev.seq().is_some() {
                            return Err(format!(
                                "{p}.{} must be a string, number, boolean or null",
                                ek.text().unwrap_or("")
                            ));
                        }
                    }
                }
            }
            "depends_on" => {
                if v.seq().is_none() && v.map().is_none() {
                    return Err(format!("{p} must be a list"));
                }
                for (dk, dv) in v.map().unwrap_or(&[]) {
                    let dp = format!("{p}.{}", dk.text().unwrap_or(""));
                    if let Some(cond) = dv.get("condition").and_then(Node::text) {
                        if !matches!(cond, "service_started" | "service_healthy" | "service_completed_successfully") {
                            return Err(format!(
                                "{dp}.condition {dp}.condition must be one of the following: \"service_started\", \"service_healthy\", \"service_completed_successfully\""
                            ));
                        }
                    }
                }
            }
            "networks" if v.seq().is_none() && v.map().is_none() => {
                return Err(format!("{p} must be a list"));
            }
            "ports" => {
                for (i, item) in v.seq().unwrap_or(&[]).iter().enumerate() {
                    match item.map() {
                        Some(m) => additional(m, PORT_KEYS, &format!("{p}.{i}"))?,
                        None if matches!(item.scalar(), Some(Scalar::Int(_) | Scalar::Str(_))) => {}
                        None => return Err(format!("{p}.{i} must be a number")),
                    }
                }
            }
            "volumes" => {
                for (i, item) in v.seq().unwrap_or(&[]).iter().enumerate() {
                    match item.map() {
                        Some(m) => additional(m, MOUNT_KEYS, &format!("{p}.{i}"))?,
                        None if matches!(item.scalar(), Some(Scalar::Str(_))) => {}
                        None => return Err(format!("{p}.{i} must be a string")),
                    }
                }
            }
            "build" => {
                if let Some(m) = v.map() {
                    additional(m, BUILD_KEYS, &p)?;
                } else {
                    check_ty(v, Ty::Str, &p)?;
                }
            }
            "healthcheck" => {
                let Some(m) = v.map() else { return Err(format!("{p} must be a mapping")) };
                additional(m, HEALTHCHECK_KEYS, &p)?;
                for (hk, hv) in m {
                    let hp = format!("{p}.{}", hk.text().unwrap_or(""));
                    match hk.text().unwrap_or("") {
                        "interval" | "timeout" | "start_period" | "start_interval" => check_ty(hv, Ty::Str, &hp)?,
                        "test" => check_ty(hv, Ty::StrOrList, &hp)?,
                        "disable" => check_ty(hv, Ty::Bool, &hp)?,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}
