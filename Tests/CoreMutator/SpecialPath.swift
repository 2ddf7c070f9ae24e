/// Paths that are not regular files, for `NT_FILE` names: opening one may block (a FIFO with
/// no writer, a terminal, standard input from an open pipe), never end (`/dev/zero`) or
/// read live kernel state (`/proc`). A tool must refuse them rather than open them. Never
/// list a device whose opening has an effect (`/dev/watchdog`, `/dev/kmsg`).
public enum SpecialPath {
    /// A FIFO nobody writes to. Whoever runs mutated cores creates it first (``prepare()``
    /// in the harness): its path is baked into the mutated bytes.
    public static let fifo = "/tmp/analyze-dump-fuzz.fifo"

    public static let all: [String] = [
        fifo, "/dev/zero", "/dev/urandom", "/dev/null", "/dev/full", "/dev/tty", "/dev/stdin",
        "/proc/self/fd/0", "/proc/self/mem", "/proc/self/maps", "/proc/self/exe", "/proc/self/environ",
        "/sys/kernel/mm/transparent_hugepage/enabled", "/", "/dev", "/tmp",
    ]
}
