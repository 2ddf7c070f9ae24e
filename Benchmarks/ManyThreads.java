// ManyThreads: 1,000 Java threads and a monitor, the core the HotSpot reader is measured on
// (Benchmarks/README.md, "Java stacks"): "holder" sleeps holding the monitor of `cache` in
// hold(), the even workers block entering it in enter(), the odd ones wait in Object.wait in
// idle(). Prints "ready" once every worker waits, then waits for the holder until killed.
// Run: javac -d DIR ManyThreads.java && java -Xmx64m -Xss256k -XX:+UseSerialGC -cp DIR ManyThreads
class ManyThreads {
    static final Object cache = new Object();
    static void hold() throws InterruptedException { synchronized (cache) { while (true) Thread.sleep(600_000); } }
    static void enter() { synchronized (cache) { } }
    static void idle() throws InterruptedException { Object o = new Object(); synchronized (o) { o.wait(); } }
    public static void main(String[] a) throws Exception {
        Thread h = new Thread(() -> { try { hold(); } catch (InterruptedException e) { } }, "holder");
        h.start();
        while (h.getState() != Thread.State.TIMED_WAITING) Thread.sleep(10);
        Thread[] t = new Thread[1000];
        for (int i = 0; i < t.length; i++) {
            final boolean block = i % 2 == 0;
            t[i] = new Thread(() -> { if (block) enter(); else { try { idle(); } catch (InterruptedException e) { } } }, "worker-thread-number-" + i);
            t[i].setDaemon(true);
            t[i].start();
        }
        for (Thread x : t) while (x.getState() != Thread.State.BLOCKED && x.getState() != Thread.State.WAITING) Thread.sleep(1);
        System.out.println("ready"); System.out.flush();
        h.join();
    }
}
