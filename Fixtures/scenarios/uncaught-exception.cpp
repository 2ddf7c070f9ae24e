// uncaught-exception: the configuration loader thread parses a line without
// '=' and parse_config_line throws std::runtime_error("missing '=' in line 7").
// Nothing on that thread catches it, so the C++ runtime calls std::terminate,
// which prints the exception and calls abort(): SIGABRT, core written by the
// kernel.  Built with -O2 -g.
//
// Threads: main (joins the loader), 1 x config_loader -> load_config ->
// parse_config_line (throws; crashes in abort), 1 x heartbeat_loop (idle in
// nanosleep).
#include <pthread.h>
#include <time.h>

#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>

static const char* const config_lines[] = {
    "listen = 0.0.0.0",
    "port = 8080",
    "workers = 8",
    "queue = 128",
    "log_level = info",
    "timeout_ms = 2500",
    "cache_size 4096", // line 7: no '='
};

static std::map<std::string, std::string> g_config;

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, nullptr);
}

__attribute__((noinline)) void parse_config_line(const std::string& line, int line_number)
{
    std::string::size_type eq = line.find('=');
    if (eq == std::string::npos)
        throw std::runtime_error("missing '=' in line " + std::to_string(line_number));
    g_config[line.substr(0, eq)] = line.substr(eq + 1);
}

__attribute__((noinline)) void load_config()
{
    int line_number = 0;
    for (const char* line : config_lines)
        parse_config_line(line, ++line_number);
}

__attribute__((noinline)) void* config_loader(void*)
{
    sleep_ms(100); // main and the heartbeat thread are idle by now
    load_config();
    return nullptr;
}

__attribute__((noinline)) void* heartbeat_loop(void*)
{
    for (;;)
        sleep_ms(60 * 1000);
}

int main()
{
    pthread_attr_t attr;
    pthread_t heartbeat, loader;

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);

    pthread_create(&heartbeat, &attr, heartbeat_loop, nullptr);
    pthread_setname_np(heartbeat, "heartbeat");
    pthread_create(&loader, &attr, config_loader, nullptr);
    pthread_setname_np(loader, "config-loader");

    pthread_join(loader, nullptr);
    std::printf("loaded %zu settings\n", g_config.size());
    return 0;
}
