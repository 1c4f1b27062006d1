//! `docker network ...`, one file per command as docker/cli lays them out.

pub mod connect;
pub mod create;
pub mod disconnect;
pub mod inspect;
pub mod ls;
pub mod prune;
pub mod rm;

#[cfg(test)]
mod tests {

    /// Odd input never panics and always ends with an exit status (volumes and networks).
    #[test]
    fn odd_input_is_output_not_a_crash() {
        let mut e = crate::catalogue::testing::engine(3, crate::go::time::from_civil(2025, 2, 11, 7, 0, 0));
        let lines = [
            "network create --subnet 0.0.0.0/0 all",
            "network create --subnet 255.255.255.255/32 one",
            "network create --subnet 10.0.0.0/31 --gateway 10.0.0.1 tiny",
            "network create --subnet 10.0.0.0/32 tiny2",
            "network create --ip-range 10.0.0.0/8 x",
            "network create --subnet 10.0.0.0/8 --ip-range 10.0.0.0/99 x",
            "network create --subnet ::1/64 v6",
            "network create --subnet 1.2.3.4/0x10 x",
            "network create ''",
            "network create ' '",
            "network connect '' ''",
            "network connect --ip 999.1.1.1 tiny2 ghost",
            "network disconnect -f nope ghost",
            "network inspect -f '{{.Nope' bridge",
            "network inspect -f '{{.Nope}}' bridge",
            "network ls -f dangling=1 -f dangling=0",
            "network ls --format '{{json .}}'",
            "network prune -f --filter until=abc",
            "network prune -f --filter until=10m",
            "network rm '' bridge",
            "volume create ''",
            "volume create -o type=tmpfs --label '=x' opt",
            "volume inspect '' ' '",
            "volume inspect -f '{{.Nope}}' nothing",
            "volume ls -f name='[' -f name='a**' -f name='^$'",
            "volume ls --format '{{.Label \"x\"}}'",
            "volume prune -f --filter all=maybe",
            "volume prune -f --filter all=1 --filter all=0",
            "volume rm '' ' '",
            "run -v '' busybox",
            "run -v ':' busybox",
            "run -v '/:/' busybox",
            "run --mount type=tmpfs,target=/t busybox true",
            "run --network 'name=,alias=x' busybox",
            "run --network '' busybox",
            "run --network tiny2 --ip 10.0.0.1 busybox",
        ];
        for line in lines {
            let argv: Vec<String> = shell_words(line);
            let out = crate::client::run_plain(&mut e, &argv, "");
            assert!(out.code >= 0, "{line}");
        }
    }

    /// Splits on spaces, keeping single-quoted words together (enough for the test above).
    fn shell_words(s: &str) -> Vec<String> {
        let mut words = Vec::new();
        let (mut cur, mut quoted, mut any) = (String::new(), false, false);
        for c in s.chars() {
            match c {
                '\'' => {
                    quoted = !quoted;
                    any = true;
                }
                ' ' if !quoted => {
                    if any || !cur.is_empty() {
                        words.push(std::mem::take(&mut cur));
                    }
                    any = false;
                }
                c => cur.push(c),
            }
        }
        if any || !cur.is_empty() {
            words.push(cur);
        }
        words
    }
}
