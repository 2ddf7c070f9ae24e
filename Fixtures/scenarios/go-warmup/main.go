// go-warmup: a Go service in the state analyze-dump's goroutine reader is tested on.
// warmUpCache holds modelLock (a sync.Mutex) while it burns CPU; 8 handleRequest goroutines
// queue on the mutex; runawayLoop spins without a lock; 1,000 worker goroutines block
// receiving from a channel nobody sends on; readTableSlowly holds table (a sync.RWMutex) for
// reading and never lets it go, rebuildTable waits to write it until that reader leaves, 6
// lookup goroutines queue to read behind that writer and a second rebuildTable queues behind
// the first (the classic Go stall); the main goroutine sleeps. It prints "ready" once every
// goroutine has had time to reach its wait and two garbage collections have run since (the
// second's stack scan gives each parked goroutine its waitsince, which wait times need).
//
// Built at test time with `go build -o go-warmup main.go` (Debian's golang-go).
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

var (
	modelLock sync.Mutex
	table     sync.RWMutex
	requests  = make(chan int)
	sink      uint64
)

//go:noinline
func warmStep(value uint64) uint64 { return value*2654435761 + 1 }

// warmUpCache takes modelLock and never lets it go: a warm-up under a lock.
//
//go:noinline
func warmUpCache(locked chan<- struct{}) {
	modelLock.Lock()
	defer modelLock.Unlock()
	close(locked)
	value := uint64(1)
	for {
		value = warmStep(value)
		sink = value
	}
}

//go:noinline
func handleRequest(id int) {
	modelLock.Lock()
	sink += uint64(id)
	modelLock.Unlock()
}

//go:noinline
func runawayStep(value uint64) uint64 { return value ^ (value << 7) ^ (value >> 9) }

//go:noinline
func runawayLoop() {
	value := uint64(7)
	for {
		value = runawayStep(value)
	}
}

//go:noinline
func worker(id int) {
	for request := range requests {
		sink += uint64(request + id)
	}
}

// readTableSlowly holds table's read lock and never lets it go: a read section that blocks.
//
//go:noinline
func readTableSlowly(held chan<- struct{}) {
	table.RLock()
	defer table.RUnlock()
	close(held)
	select {}
}

// rebuildTable wants table's write lock: the first one waits for readTableSlowly to leave, and
// every reader and writer after it queues behind it.
//
//go:noinline
func rebuildTable() {
	table.Lock()
	sink++
	table.Unlock()
}

//go:noinline
func lookup(id int) {
	table.RLock()
	sink += uint64(id)
	table.RUnlock()
}

func main() {
	locked := make(chan struct{})
	go warmUpCache(locked)
	<-locked
	for id := 0; id < 8; id++ {
		go handleRequest(id)
	}
	go runawayLoop()
	for id := 0; id < 1000; id++ {
		go worker(id)
	}
	held := make(chan struct{})
	go readTableSlowly(held)
	<-held
	go rebuildTable()
	time.Sleep(100 * time.Millisecond)
	for id := 0; id < 6; id++ {
		go lookup(id)
	}
	time.Sleep(100 * time.Millisecond)
	go rebuildTable()
	time.Sleep(500 * time.Millisecond)
	runtime.GC()
	runtime.GC()
	fmt.Println("ready")
	os.Stdout.Sync()
	time.Sleep(time.Hour)
}
