import java.util.concurrent.locks.ReentrantLock;

// Threads of a JVM waiting in each way HotSpot waits, for Tests/CLITests/JVMWaitTests.swift:
// "blocked-0".."blocked-2" enter a monitor "holder" keeps, "parked-0" and "parked-1" lock a
// ReentrantLock "holder" keeps, "waiting" is in Object.wait, "holder" sleeps. Prints "ready"
// once Thread.getState says every waiter waits (the test then lets their spinning end).
// Compiled with javac (not run as a source file, whose in-process compilation would leave
// the main thread with seconds of CPU time); class not public so that the file's name is free.
class MonitorWaits {
    static final Object monitor = new Object();
    static final ReentrantLock reentrantLock = new ReentrantLock();

    public static void main(String[] arguments) throws Exception {
        Thread holder = new Thread(() -> {
            synchronized (monitor) {
                reentrantLock.lock();
                try { Thread.sleep(600_000); } catch (InterruptedException e) { }
            }
        }, "holder");
        holder.start();
        while (!reentrantLock.isLocked() || holder.getState() != Thread.State.TIMED_WAITING) Thread.sleep(10);
        Thread[] waiters = new Thread[6];
        for (int i = 0; i < 3; i++) waiters[i] = new Thread(() -> { synchronized (monitor) { } }, "blocked-" + i);
        for (int i = 0; i < 2; i++) waiters[3 + i] = new Thread(() -> { reentrantLock.lock(); reentrantLock.unlock(); }, "parked-" + i);
        waiters[5] = new Thread(() -> {
            Object notified = new Object();
            synchronized (notified) { try { notified.wait(); } catch (InterruptedException e) { } }
        }, "waiting");
        for (Thread waiter : waiters) waiter.start();
        for (Thread waiter : waiters) {
            Thread.State wanted = waiter.getName().startsWith("blocked") ? Thread.State.BLOCKED : Thread.State.WAITING;
            while (waiter.getState() != wanted) Thread.sleep(10);
        }
        System.out.println("ready");
        System.out.flush();
        holder.join();
    }
}
