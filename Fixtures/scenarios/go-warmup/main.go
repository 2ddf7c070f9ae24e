// go-warmup: a Go service in the state analyze-dump's goroutine reader is tested on.
// warmUpCache holds modelLock (a sync.Mutex) while it burns CPU; 8 handleRequest goroutines
// queue on the mutex; runawayLoop spins without a lock; 1,000 worker goroutines block
// receiving from a channel nobody sends on; the main goroutine sleeps. It prints "ready"
// once every goroutine has had time to reach its wait.
//
// Built at test time with `go build -o go-warmup main.go` (Debian's golang-go).
package main

import (
	"fmt"
	"os"
	"sync"
	"time"
)

var (
	modelLock sync.Mutex
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
	time.Sleep(500 * time.Millisecond)
	fmt.Println("ready")
	os.Stdout.Sync()
	time.Sleep(time.Hour)
}
