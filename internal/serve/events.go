package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// event is what the live reload script learns after a build.
type event struct {
	Seq int `json:"seq"`
	// Changed lists the site files that changed; empty when the build
	// changed nothing. When there are more than maxChanged, it is empty
	// and All is set.
	Changed []string `json:"changed"`
	All     bool     `json:"all"`
	// CSS reports that only style sheets changed: the page swaps them
	// instead of reloading.
	CSS      bool     `json:"css"`
	Errors   int      `json:"errors"`
	Warnings int      `json:"warnings"`
	Stale    []string `json:"stale"`
	Failed   bool     `json:"failed"` // the build could not produce a site
	// Missing names the watched directories that are gone: no build
	// runs until they are back.
	Missing []string `json:"missing"`
}

// maxChanged caps the file list of an event; a page reloads on All.
const maxChanged = 200

// hello is the first message of every stream. A page that reconnects and
// sees another server instance (the server restarted) or a later build
// than the last it heard of (it missed events) reloads.
type hello struct {
	Instance string `json:"instance"`
	Seq      int    `json:"seq"`
}

// broker fans build events out to the open event streams.
type broker struct {
	mu     sync.Mutex
	subs   map[chan []byte]struct{}
	closed bool
}

func newBroker() *broker { return &broker{subs: map[chan []byte]struct{}{}} }

// subscribe returns a channel of messages, closed when the broker closes.
func (b *broker) subscribe() chan []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan []byte, 16)
	if b.closed {
		close(ch)
		return ch
	}
	b.subs[ch] = struct{}{}
	return ch
}

func (b *broker) unsubscribe(ch chan []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.subs[ch]; ok {
		delete(b.subs, ch)
		close(ch)
	}
}

// publish sends msg to every stream. A stream too slow to take it is
// closed; its page reconnects and refreshes its diagnostics.
func (b *broker) publish(msg []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- msg:
		default:
			delete(b.subs, ch)
			close(ch)
		}
	}
}

// close ends every stream, so that the HTTP server can shut down (an
// event stream never goes idle by itself).
func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for ch := range b.subs {
		delete(b.subs, ch)
		close(ch)
	}
}

// sseMessage formats one Server-Sent Events message. data is JSON, which
// holds no newline.
func sseMessage(name string, v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // the event types always marshal
	}
	return []byte(fmt.Sprintf("event: %s\ndata: %s\n\n", name, data))
}

// heartbeat keeps idle streams open through proxies and lets the server
// notice closed connections.
const heartbeat = 20 * time.Second

// serveEvents streams build events to one page.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	// The server's timeouts would cut the stream, which has no end: the
	// write deadline, and the read deadline under which net/http watches
	// for the client going away (which cancels the request).
	if err := rc.SetWriteDeadline(time.Time{}); err != nil {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	if err := rc.SetReadDeadline(time.Time{}); err != nil {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := s.broker.subscribe()
	defer s.broker.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	var b strings.Builder
	b.WriteString("retry: 500\n\n")
	b.Write(sseMessage("hello", hello{Instance: s.instance, Seq: s.current().Seq}))
	if _, err := w.Write([]byte(b.String())); err != nil || rc.Flush() != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			msg = []byte(": ping\n\n")
		case m, ok := <-ch:
			if !ok {
				return
			}
			msg = m
		}
		if _, err := w.Write(msg); err != nil || rc.Flush() != nil {
			return
		}
	}
}
