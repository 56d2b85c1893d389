package record

// Version is the recorder's version, written into every trace header.
const Version = "0.1.0"
