//go:build scheduler.tasks

package main

import (
	"sync"
	"time"
)

// goroutines checks goroutines, channels, a mutex and sleeping with the tasks scheduler.
func goroutines() {
	const workers = 8
	var (
		mu    sync.Mutex
		total int
		wg    sync.WaitGroup
	)
	results := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				mu.Lock()
				total++
				mu.Unlock()
				if i%25 == 0 {
					time.Sleep(time.Millisecond)
				}
			}
			results <- w
		}(w)
	}
	seen := 0
	for range workers {
		seen |= 1 << <-results
	}
	wg.Wait()
	check("goroutines", total == workers*100 && seen == 1<<workers-1, "total %d, seen %b", total, seen)
}
