//! The simulated machine itself: one Linux host (Ubuntu 24.04 under WSL 2, where the seeds were
//! recorded) running docker-ce 28 with the containerd image store and the buildx and compose
//! plugins. Everything that names the kernel or the CPUs reads it here, so `uname` on the host
//! and in containers, `/proc/version`, nginx's start-up log and `docker version`/`docker info`
//! tell one story. Constants only; nothing here runs.

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
