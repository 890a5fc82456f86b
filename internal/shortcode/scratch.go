package shortcode

import (
	"fmt"
	"reflect"
)

// Scratch is Hugo's scratch pad: .Scratch and .Store of a shortcode call
// (one per call, so a tab reaches its tabs' through .Parent.Scratch) and
// of the page, and newScratch. Methods return "" so that a template can
// call them in an action without printing anything.
type Scratch struct {
	values map[string]any
}

// NewScratch returns an empty Scratch.
func NewScratch() *Scratch { return &Scratch{values: map[string]any{}} }

// Set stores value under key.
func (s *Scratch) Set(key string, value any) string {
	s.values[key] = value
	return ""
}

// Get returns the value under key, or nil.
func (s *Scratch) Get(key string) any { return s.values[key] }

// Delete removes key.
func (s *Scratch) Delete(key string) string {
	delete(s.values, key)
	return ""
}

// Values returns the stored values.
func (s *Scratch) Values() map[string]any { return s.values }

// Add adds value to the one under key, as Hugo does: appended when the
// stored value is a list, added with + (numbers, strings) otherwise, and
// stored when there is none.
func (s *Scratch) Add(key string, value any) (string, error) {
	cur, ok := s.values[key]
	if !ok {
		s.values[key] = value
		return "", nil
	}
	if k := reflect.ValueOf(cur).Kind(); k == reflect.Slice || k == reflect.Array {
		l, err := fnAppend(value, cur)
		if err != nil {
			return "", fmt.Errorf("Scratch.Add %q: %w", key, err)
		}
		s.values[key] = l
		return "", nil
	}
	v, err := arith('+', cur, value)
	if err != nil {
		return "", fmt.Errorf("Scratch.Add %q: %w", key, err)
	}
	s.values[key] = v
	return "", nil
}

// SetInMap stores value under mapKey in the map under key, making it.
func (s *Scratch) SetInMap(key, mapKey string, value any) (string, error) {
	m, ok := s.values[key].(map[string]any)
	if !ok {
		if s.values[key] != nil {
			return "", fmt.Errorf("Scratch.SetInMap: %q holds %T, not a map", key, s.values[key])
		}
		m = map[string]any{}
		s.values[key] = m
	}
	m[mapKey] = value
	return "", nil
}

// DeleteInMap removes mapKey from the map under key.
func (s *Scratch) DeleteInMap(key, mapKey string) string {
	if m, ok := s.values[key].(map[string]any); ok {
		delete(m, mapKey)
	}
	return ""
}

// GetSortedMapValues returns the values of the map under key, ordered by
// their keys, or nil.
func (s *Scratch) GetSortedMapValues(key string) (any, error) {
	v := s.values[key]
	if v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("Scratch.GetSortedMapValues: %q holds %T, not a map", key, v)
	}
	out := make([]any, 0, len(m))
	for _, k := range sortedNames(m) {
		out = append(out, m[k])
	}
	return out, nil
}
