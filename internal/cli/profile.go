package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/spf13/pflag"
)

// profiling holds the --cpuprofile and --memprofile flags, for finding hot
// spots in real runs (see docs/performance.md).
type profiling struct {
	cpu, mem string
	cpuFile  *os.File
}

func (p *profiling) register(fs *pflag.FlagSet) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile of the run to `file` (see docs/performance.md)")
	fs.StringVar(&p.mem, "memprofile", "", "write a heap profile to `file` at the end")
}

// memProfileRate is the runtime's default MemProfileRate, which cmd/guidec
// sets to 0 (no sampling) unless a heap profile is asked for.
const memProfileRate = 512 << 10

func (p *profiling) start() error {
	if p.mem != "" && runtime.MemProfileRate == 0 {
		runtime.MemProfileRate = memProfileRate
	}
	if p.cpu == "" {
		return nil
	}
	f, err := os.Create(p.cpu)
	if err != nil {
		return err
	}
	p.cpuFile = f
	return pprof.StartCPUProfile(f)
}

func (p *profiling) stop(stderr io.Writer) {
	if p.cpuFile != nil {
		pprof.StopCPUProfile()
		p.cpuFile.Close()
	}
	if p.mem == "" {
		return
	}
	f, err := os.Create(p.mem)
	if err != nil {
		fmt.Fprintf(stderr, "guidec: %v\n", err)
		return
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		fmt.Fprintf(stderr, "guidec: %v\n", err)
	}
}
