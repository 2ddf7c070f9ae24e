// A runaway warm-up in a JVM: warmUpCache spins on the main thread and C2 compiles it. Run
// with -XX:CompileCommand=dontinline,JvmWarmup::warmUpCache so that it stays a compiled method
// of its own (not inlined into main), and ask for the perf map with
// `jcmd PID Compiler.perfmap` (what `analyze-dump capture --jvm-perf-map` does). "ready" is
// printed once the method has run long enough to be compiled; it spins until killed.
public class JvmWarmup {
    static long warmUpCache(long rounds) {
        long hash = 0;
        for (long index = 0; index < rounds; index++) {
            hash = hash * 31 + index;
        }
        return hash;
    }

    public static void main(String[] arguments) {
        long total = 0;
        long started = System.nanoTime();
        while (System.nanoTime() - started < 1_000_000_000L) {
            total += warmUpCache(100_000);
        }
        System.out.println("ready");
        System.out.flush();
        while (true) {
            total += warmUpCache(1_000_000_000L);
        }
    }
}
