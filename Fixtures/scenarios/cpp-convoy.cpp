// cpp-convoy: a texture cache warms itself while holding its std::mutex, and
// the warm-up never ends; every render thread that looks up a texture queues
// behind the mutex.  Built with -O2 -g: the hot loop of warm() is made of
// always_inline helpers, so the innermost frame of the warming thread is an
// inlined subroutine (blend_texel, itself inlining rotate_texel).
//
// Threads: main (joins), 1 x texture_warmer_main -> render::TextureCache::warm
// (holds g_texture_cache.mutex_, CPU-bound forever), 5 x render_worker_main ->
// render::TextureCache::lookup(int) (blocked in pthread_mutex_lock).
//
// Prints "ready" once every thread is in place; the regenerate script sends
// SIGQUIT when the warmer has used ~1 s of CPU.
#include <pthread.h>
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <vector>

namespace render {

class TextureCache {
public:
    explicit TextureCache(std::size_t slots) : texels_(slots, 0u) {}

    void warm(const std::vector<int>& texture_ids);
    int lookup(int texture_id);

    std::mutex mutex_;               // first member: its address is the object's
    std::vector<std::uint32_t> texels_;
    volatile std::uint32_t checksum_ = 0;
    volatile bool warming_ = false;
};

static inline __attribute__((always_inline)) std::uint32_t rotate_texel(std::uint32_t value,
                                                                          unsigned shift)
{
    return (value << shift) | (value >> (32u - shift));
}

static inline __attribute__((always_inline)) std::uint32_t blend_texel(std::uint32_t texel,
                                                                         std::uint32_t sample)
{
    for (unsigned round = 0; round < 64; ++round)
        texel = rotate_texel(texel ^ sample, (round & 15u) + 1u) * 2654435761u;
    return texel;
}

__attribute__((noinline)) void TextureCache::warm(const std::vector<int>& texture_ids)
{
    std::lock_guard<std::mutex> guard(mutex_);
    warming_ = true;
    std::uint32_t texel = checksum_;
    for (;;) {
        for (int id : texture_ids)
            texel = blend_texel(texel, static_cast<std::uint32_t>(id));
        checksum_ = texel;
        texels_[texel % texels_.size()] = texel;
    }
}

__attribute__((noinline)) int TextureCache::lookup(int texture_id)
{
    std::lock_guard<std::mutex> guard(mutex_);
    return static_cast<int>(texels_[static_cast<std::size_t>(texture_id) % texels_.size()]);
}

} // namespace render

render::TextureCache g_texture_cache(1024);

static const std::vector<int> startup_textures = {3, 14, 15, 92, 65, 35, 89, 79};

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, nullptr);
}

__attribute__((noinline)) void* texture_warmer_main(void*)
{
    g_texture_cache.warm(startup_textures);
    return nullptr;
}

__attribute__((noinline)) void* render_worker_main(void* arg)
{
    volatile int frame_checksum = 0;
    for (int texture_id = static_cast<int>(reinterpret_cast<long>(arg));; texture_id += 5)
        frame_checksum = frame_checksum + g_texture_cache.lookup(texture_id);
    return nullptr;
}

int main()
{
    constexpr int render_threads = 5;
    pthread_attr_t attr;
    pthread_t warmer;
    pthread_t renderers[render_threads];
    char name[16];

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);

    pthread_create(&warmer, &attr, texture_warmer_main, nullptr);
    pthread_setname_np(warmer, "texture-warmer");
    while (!g_texture_cache.warming_)
        sleep_ms(1);

    for (long i = 0; i < render_threads; ++i) {
        pthread_create(&renderers[i], &attr, render_worker_main, reinterpret_cast<void*>(i));
        std::snprintf(name, sizeof name, "render-%ld", i);
        pthread_setname_np(renderers[i], name);
    }
    sleep_ms(200); // let every renderer reach the mutex

    std::printf("ready\n");
    std::fflush(stdout);

    pthread_join(warmer, nullptr);
    for (auto& renderer : renderers)
        pthread_join(renderer, nullptr);
    return 0;
}
