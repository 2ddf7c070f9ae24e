// Rust std's blocking waits, for the rust-std-locks fixture: "ledger-writer" holds LEDGER (a
// std::sync::Mutex) while sleeping; "ledger-reader-0".."ledger-reader-3" are blocked locking
// it; "settle-waiter" waits on a Condvar nobody signals; "mail-reader" is blocked in an mpsc
// channel's recv with nothing sent. Prints "ready" once every waiter has had time to block.
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

static LEDGER: Mutex<u64> = Mutex::new(0);
static SETTLED: Mutex<bool> = Mutex::new(false);
static SETTLED_CHANGED: Condvar = Condvar::new();

#[inline(never)]
fn audit_ledger() {
    let mut total = LEDGER.lock().unwrap();
    *total += 1;
    // The slow call under the lock.
    thread::sleep(Duration::from_secs(600));
}

#[inline(never)]
fn post_entry(amount: u64) {
    let mut total = LEDGER.lock().unwrap();
    *total += amount;
}

#[inline(never)]
fn wait_until_settled() {
    let mut settled = SETTLED.lock().unwrap();
    while !*settled {
        settled = SETTLED_CHANGED.wait(settled).unwrap();
    }
}

#[inline(never)]
fn read_mail(mailbox: mpsc::Receiver<String>) {
    while let Ok(message) = mailbox.recv() {
        println!("{message}");
    }
}

fn main() {
    let writer = thread::Builder::new().name("ledger-writer".into()).spawn(audit_ledger).unwrap();
    while LEDGER.try_lock().is_ok() {
        thread::sleep(Duration::from_millis(10));
    }
    for index in 0..4 {
        thread::Builder::new().name(format!("ledger-reader-{index}")).spawn(move || post_entry(index)).unwrap();
    }
    thread::Builder::new().name("settle-waiter".into()).spawn(wait_until_settled).unwrap();
    let (sender, mailbox) = mpsc::channel::<String>();
    thread::Builder::new().name("mail-reader".into()).spawn(move || read_mail(mailbox)).unwrap();
    thread::sleep(Duration::from_millis(500));
    println!("ready");
    writer.join().unwrap();
    drop(sender);
}
