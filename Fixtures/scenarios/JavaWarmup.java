// A warm-up under a Java monitor, for Tests/CLITests/HotSpotReaderTests.swift: "warmup"
// holds the monitor of `cache` in JavaWarmup.warmUp (sleeping in it) while four
// "request-handler-N" threads block entering it in JavaWarmup.handle, and "runaway" spins
// in JavaWarmup.spin. The handlers' names are longer than the kernel's 15 bytes. Prints
// "ready" once Thread.getState says every handler is blocked and the warm-up sleeps.
// Compiled with javac; class not public so that the file's name is free.
class JavaWarmup {
    static final Object cache = new Object();
    static volatile long sink;

    static void warmUp() throws InterruptedException {
        synchronized (cache) {
            while (true) Thread.sleep(600_000);
        }
    }

    static void handle() {
        synchronized (cache) { sink++; }
    }

    static void spin() {
        long value = 1;
        while (true) value = value * 6364136223846793005L + 1442695040888963407L;
    }

    public static void main(String[] arguments) throws Exception {
        Thread warmup = new Thread(() -> {
            try { warmUp(); } catch (InterruptedException e) { }
        }, "warmup");
        warmup.start();
        while (warmup.getState() != Thread.State.TIMED_WAITING) Thread.sleep(10);
        Thread runaway = new Thread(JavaWarmup::spin, "runaway");
        runaway.setDaemon(true);
        runaway.start();
        Thread[] handlers = new Thread[4];
        for (int i = 0; i < handlers.length; i++) {
            handlers[i] = new Thread(JavaWarmup::handle, "request-handler-" + i);
            handlers[i].start();
        }
        for (Thread handler : handlers) {
            while (handler.getState() != Thread.State.BLOCKED) Thread.sleep(10);
        }
        System.out.println("ready");
        System.out.flush();
        warmup.join();
    }
}
