/// What a cgroup path tells about the process: its systemd unit and its container.
public enum CgroupPath {
    /// The deepest `.service` component of `path` (else the deepest `.scope`), the unit
    /// systemd runs the process in: `nginx.service` for `/system.slice/nginx.service`.
    public static func unit(_ path: String) -> String? {
        let components = path.split(separator: "/").map(String.init)
        return components.last { $0.hasSuffix(".service") } ?? components.last { $0.hasSuffix(".scope") }
    }

    /// The first run of exactly 64 hexadecimal digits in `path`: the container id docker,
    /// podman and containerd put in their cgroup names (`docker-<id>.scope`,
    /// `libpod-<id>.scope`, `cri-containerd-<id>.scope`, `/docker/<id>`).
    public static func containerID(_ path: String) -> String? {
        var run: [Character] = []
        for character in path + "/" {
            if character.isHexDigit {
                run.append(character)
                continue
            }
            if run.count == 64 { return String(run).lowercased() }
            run.removeAll()
        }
        return nil
    }
}
