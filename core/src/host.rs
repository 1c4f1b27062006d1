//! The simulated machine itself: one Linux host (Ubuntu 24.04 under WSL 2, where the seeds were
//! recorded) running docker-ce 28 with the containerd image store and the buildx and compose
//! plugins. Everything that names the kernel or the CPUs reads it here, so `uname` on the host
//! and in containers, `/proc/version`, nginx's start-up log and `docker version`/`docker info`
//! tell one story; so do its name (the prompt's `user@docker-host`, `hostname`, `docker info`) and
//! its operating system (the host's `/etc/os-release`, `docker info`). Constants, and `uname`,
//! which reads nothing else.

/// The host's name: the prompt's `user@docker-host`, `hostname`, `/etc/hostname`, `docker info`.
pub const HOST_NAME: &str = "docker-host";

/// The host's private IPv4 address (`hostname -I`), which `curl http://10.0.2.15:8080` reaches.
pub const HOST_IP: &str = "10.0.2.15";

/// The `docker0` bridge address on the host.
pub const DOCKER0_IP: &str = "172.17.0.1";

/// The host's `/etc/os-release` `PRETTY_NAME` (`docker info`'s `Operating System`).
pub const OPERATING_SYSTEM: &str = "Ubuntu 24.04.1 LTS";

/// The host's `/etc/os-release` `VERSION_ID` (`docker info`'s `OSVersion`).
pub const OS_VERSION: &str = "24.04";

/// The host's `/etc/os-release`, which [`OPERATING_SYSTEM`] and [`OS_VERSION`] quote.
pub const OS_RELEASE: &str = r#"PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
"#;

/// `uname -r`: the kernel every container shares with the host.
pub const KERNEL_RELEASE: &str = "5.15.167.4-microsoft-standard-WSL2";

/// `uname -v` of that kernel.
pub const KERNEL_VERSION: &str = "#1 SMP Tue Nov 5 00:21:55 UTC 2024";

/// `uname -m` (and `-p`, `-i` where the userland knows them).
pub const MACHINE: &str = "x86_64";

/// CPUs the host has (`nproc`, `docker info`); nginx starts one worker per CPU.
pub const CPUS: u32 = 8;

/// The first line of `/proc/version`, the same inside every container.
pub fn proc_version() -> String {
    format!(
        "Linux version {KERNEL_RELEASE} (root@65c757a8e1b5) (gcc (GCC) 11.2.0, GNU ld (GNU Binutils) 2.37) {KERNEL_VERSION}"
    )
}

/// `uname ARGS` on a machine named `hostname` (the host, or a container) whose userland is
/// image `base` (`ubuntu`, `alpine`, `busybox`, ...): the line it prints, or its complaint
/// (after `uname: `; coreutils adds its `Try 'uname --help'` line).
pub(crate) fn uname(args: &[String], hostname: &str, base: &str) -> Result<String, String> {
    let busybox = base.starts_with("alpine") || base == "busybox";
    // Only Ubuntu's coreutils knows the processor and platform; other userlands say `unknown`.
    let pi = if base.starts_with("ubuntu") { MACHINE } else { "unknown" };
    let os = if busybox { "Linux" } else { "GNU/Linux" };
    let fields = [
        ('s', "Linux"),
        ('n', hostname),
        ('r', KERNEL_RELEASE),
        ('v', KERNEL_VERSION),
        ('m', MACHINE),
        ('p', pi),
        ('i', pi),
        ('o', os),
    ];
    let mut want: Vec<char> = Vec::new();
    let mut all = false;
    for a in args {
        if a == "--all" {
            all = true;
            continue;
        }
        let Some(flags) = a.strip_prefix('-') else { return Err(format!("extra operand ‘{a}’")) };
        for f in flags.chars() {
            match f {
                'a' => all = true,
                f if fields.iter().any(|(k, _)| *k == f) => want.push(f),
                f => return Err(format!("invalid option -- '{f}'")),
            }
        }
    }
    if all {
        // `-a` leaves out the processor and platform when they are unknown.
        want = fields.iter().filter(|(k, v)| !(matches!(k, 'p' | 'i') && *v == "unknown")).map(|(k, _)| *k).collect();
    }
    if want.is_empty() {
        want.push('s');
    }
    let parts: Vec<&str> = fields.iter().filter(|(k, _)| want.contains(k)).map(|(_, v)| *v).collect();
    Ok(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_release_tells_the_same_system() {
        assert!(OS_RELEASE.contains(&format!("PRETTY_NAME=\"{OPERATING_SYSTEM}\"\n")));
        assert!(OS_RELEASE.contains(&format!("VERSION_ID=\"{OS_VERSION}\"\n")));
    }
}
