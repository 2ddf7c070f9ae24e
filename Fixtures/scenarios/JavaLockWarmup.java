import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

// A warm-up under a java.util.concurrent lock, for Tests/CLITests/HotSpotLockTests.swift:
// "warmup" holds `cache` (a ReentrantLock) while it runs JavaLockWarmup.warmUp, four
// "request-handler-N" threads queue in cache.lock() and "impatient" in cache.tryLock with a
// timeout. "writer" holds the write lock of `index` (a ReentrantReadWriteLock) sleeping, and
// "index-reader" queues for its read lock; "reader" holds the read lock of `table` sleeping,
// and "table-writer" queues for its write lock (readers record no owner). Prints "ready" once
// Thread.getState says every waiter waits. Compiled with javac; class not public so that the
// file's name is free.
class JavaLockWarmup {
    static final ReentrantLock cache = new ReentrantLock();
    static final ReentrantReadWriteLock index = new ReentrantReadWriteLock();
    static final ReentrantReadWriteLock table = new ReentrantReadWriteLock();
    static volatile long sink;

    static void warmUp() {
        cache.lock();
        long value = 1;
        while (true) {
            value = value * 6364136223846793005L + 1442695040888963407L;
            sink = value;
        }
    }

    static void handle() {
        cache.lock();
        try { sink++; } finally { cache.unlock(); }
    }

    static void handleImpatiently() {
        try {
            if (cache.tryLock(10, TimeUnit.MINUTES)) cache.unlock();
        } catch (InterruptedException e) { }
    }

    static void holdWhile(java.util.concurrent.locks.Lock lock) {
        lock.lock();
        try { Thread.sleep(600_000); } catch (InterruptedException e) { }
    }

    static Thread start(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void await(Thread thread, Thread.State state) throws InterruptedException {
        while (thread.getState() != state) Thread.sleep(10);
    }

    public static void main(String[] arguments) throws Exception {
        Thread warmup = start(JavaLockWarmup::warmUp, "warmup");
        while (!cache.isLocked()) Thread.sleep(10);
        Thread writer = start(() -> holdWhile(index.writeLock()), "writer");
        Thread reader = start(() -> holdWhile(table.readLock()), "reader");
        await(writer, Thread.State.TIMED_WAITING);
        await(reader, Thread.State.TIMED_WAITING);
        Thread[] waiters = new Thread[7];
        for (int i = 0; i < 4; i++) waiters[i] = start(JavaLockWarmup::handle, "request-handler-" + i);
        waiters[4] = start(JavaLockWarmup::handleImpatiently, "impatient");
        waiters[5] = start(() -> holdWhile(index.readLock()), "index-reader");
        waiters[6] = start(() -> holdWhile(table.writeLock()), "table-writer");
        for (int i = 0; i < waiters.length; i++) await(waiters[i], i == 4 ? Thread.State.TIMED_WAITING : Thread.State.WAITING);
        System.out.println("ready");
        System.out.flush();
        warmup.join();
    }
}
