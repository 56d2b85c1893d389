package decode

// Decoders for network and multiplexing syscalls.
