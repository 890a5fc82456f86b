package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"

	"github.com/spf13/pflag"
)

// profiling holds the --cpuprofile, --memprofile and --trace flags, for
// finding hot spots in real runs (see docs/performance.md). The execution
// trace is what shows the serial stretches of a build, which a CPU profile
// of two busy cores hides.
type profiling struct {
	cpu, mem, trace    string
	cpuFile, traceFile *os.File
}

func (p *profiling) register(fs *pflag.FlagSet) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile of the run to `file` (see docs/performance.md)")
	fs.StringVar(&p.mem, "memprofile", "", "write a heap profile to `file` at the end")
	fs.StringVar(&p.trace, "trace", "", "write an execution trace of the run to `file` (go tool trace)")
}

// memProfileRate is the runtime's default MemProfileRate, which cmd/guidec
// sets to 0 (no sampling) unless a heap profile is asked for.
const memProfileRate = 512 << 10

func (p *profiling) start() error {
	if p.mem != "" && runtime.MemProfileRate == 0 {
		runtime.MemProfileRate = memProfileRate
	}
	if p.trace != "" {
		f, err := os.Create(p.trace)
		if err != nil {
			return err
		}
		p.traceFile = f
		if err := trace.Start(f); err != nil {
			return err
		}
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
	if p.traceFile != nil {
		trace.Stop()
		p.traceFile.Close()
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
