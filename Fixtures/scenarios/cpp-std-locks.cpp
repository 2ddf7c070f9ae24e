// C++ standard-library locks over glibc's pthread ones, for the cpp-std-locks fixture:
// "stock-keeper" holds g_stock_mutex (std::mutex) while sleeping (std::this_thread::sleep_for);
// "order-0".."order-2" block in std::unique_lock's std::mutex::lock on it. "price-updater"
// holds g_prices (std::shared_mutex) exclusively while sleeping; "quote-0".."quote-2" block in
// std::shared_lock's lock_shared and "price-auditor" in lock. "restock-waiter" waits on a
// std::condition_variable nobody notifies. Threads are named with pthread_setname_np;
// prints "ready" once every waiter has had time to block.
#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

std::mutex g_stock_mutex;
long g_stock_count;
std::shared_mutex g_prices;
double g_price_table[16];
std::mutex g_restock_mutex;
std::condition_variable g_restocked;
bool g_restock_done;

namespace {

void name_thread(const std::string& name) { pthread_setname_np(pthread_self(), name.c_str()); }

__attribute__((noinline)) void count_stock() {
    std::lock_guard<std::mutex> guard(g_stock_mutex);
    g_stock_count++;
    std::this_thread::sleep_for(std::chrono::seconds(600));
}

__attribute__((noinline)) void place_order(int quantity) {
    std::unique_lock<std::mutex> guard(g_stock_mutex);
    g_stock_count -= quantity;
}

__attribute__((noinline)) void update_prices() {
    std::unique_lock<std::shared_mutex> guard(g_prices);
    g_price_table[0] += 1.0;
    std::this_thread::sleep_for(std::chrono::seconds(600));
}

__attribute__((noinline)) double quote_price(int item) {
    std::shared_lock<std::shared_mutex> guard(g_prices);
    return g_price_table[item];
}

__attribute__((noinline)) void audit_prices() {
    std::lock_guard<std::shared_mutex> guard(g_prices);
    g_price_table[1] = g_price_table[0];
}

__attribute__((noinline)) void wait_for_restock() {
    std::unique_lock<std::mutex> guard(g_restock_mutex);
    g_restocked.wait(guard, [] { return g_restock_done; });
}

}  // namespace

int main() {
    std::vector<std::thread> threads;
    threads.emplace_back([] { name_thread("stock-keeper"); count_stock(); });
    threads.emplace_back([] { name_thread("price-updater"); update_prices(); });
    // The holders first: wait until both locks are taken.
    for (;;) {
        bool stock_free = g_stock_mutex.try_lock();
        if (stock_free) g_stock_mutex.unlock();
        bool prices_free = g_prices.try_lock();
        if (prices_free) g_prices.unlock();
        if (!stock_free && !prices_free) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (int i = 0; i < 3; i++) threads.emplace_back([i] { name_thread("order-" + std::to_string(i)); place_order(i + 1); });
    for (int i = 0; i < 3; i++) threads.emplace_back([i] { name_thread("quote-" + std::to_string(i)); quote_price(i); });
    threads.emplace_back([] { name_thread("price-auditor"); audit_prices(); });
    threads.emplace_back([] { name_thread("restock-waiter"); wait_for_restock(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    std::puts("ready");
    std::fflush(stdout);
    for (auto& thread : threads) thread.join();
    return 0;
}
