package extract

// Facts are what a container's headers say about the file itself, read in the same pass as
// the metadata (the seed's file object: fileType, mime, width, height, hasAlpha, and for
// videos duration, bitRate, videoCodec, audioCodec). They are never part of
// embeddedMetadata. Zero values mean "not known".
type Facts struct {
	FileType   string  `json:"fileType,omitempty"`   // "image" or "non-image" (the seed's two values)
	MIME       string  `json:"mime,omitempty"`       // e.g. "image/jpeg", as ExifTool's MIMEType
	Width      int     `json:"width,omitempty"`      // pixels of the primary image / video track (ExifTool ImageWidth)
	Height     int     `json:"height,omitempty"`     // pixels (ExifTool ImageHeight)
	HasAlpha   *bool   `json:"hasAlpha,omitempty"`   // whether the primary image has an alpha channel; nil when unknown
	Duration   float64 `json:"duration,omitempty"`   // seconds (videos, animations when known)
	BitRate    int64   `json:"bitRate,omitempty"`    // bits per second (videos)
	VideoCodec string  `json:"videoCodec,omitempty"` // e.g. "avc1", "hvc1" (the sample entry four-character code)
	AudioCodec string  `json:"audioCodec,omitempty"` // e.g. "mp4a"
}

// Bool returns a pointer to b, for Facts.HasAlpha.
func Bool(b bool) *bool { return &b }
