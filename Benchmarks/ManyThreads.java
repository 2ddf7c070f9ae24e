// ManyThreads: 1,000 Java threads and a monitor, the core the HotSpot reader is measured on
// (Benchmarks/README.md, "Java stacks"): "holder" sleeps holding the monitor of `cache` in
// hold(), the even workers block entering it in enter(), the odd ones wait in Object.wait in
// idle(). Prints "ready" once every worker waits, then waits for the holder until killed.
// With the argument "parked" the holder holds `lock`, a ReentrantLock, and the even workers
// park in lock.lock() (the java.util.concurrent lock reading's cost).
// Run: javac -d DIR ManyThreads.java && java -Xmx64m -Xss256k -XX:+UseSerialGC -cp DIR ManyThreads [parked]
class ManyThreads {
    static final Object cache = new Object();
    static final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    static boolean parked;
    static void hold() throws InterruptedException {
        if (parked) { lock.lock(); while (true) Thread.sleep(600_000); }
        synchronized (cache) { while (true) Thread.sleep(600_000); }
    }
    static void enter() {
        if (parked) { lock.lock(); lock.unlock(); return; }
        synchronized (cache) { }
    }
    static void idle() throws InterruptedException { Object o = new Object(); synchronized (o) { o.wait(); } }
    public static void main(String[] a) throws Exception {
        parked = a.length > 0 && a[0].equals("parked");
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
