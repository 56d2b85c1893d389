//go:build !linux || !amd64

package record

// Call is not available on this system.
func Call(req *CallRequest, sink Sink) (*CallResult, error) { return nil, ErrUnsupported }

// PermissionReason is not available on this system.
func PermissionReason(euid int, scope string, tracer int, tracerName string, uid int) string {
	return ""
}
