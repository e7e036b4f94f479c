package serve

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/embedmeta/embedmeta"
)

// metrics are the service's Prometheus series, in a registry of their own (never the
// global one), made when the service starts.
type metrics struct {
	handler  http.Handler
	requests *prometheus.CounterVec   // by route and status
	duration *prometheus.HistogramVec // by route
	inflight prometheus.Gauge
	bodyRead prometheus.Counter
	consumed prometheus.Histogram
	retained prometheus.Histogram
}

func newMetrics() *metrics {
	byteBuckets := prometheus.ExponentialBuckets(1<<10, 4, 11) // 1 KiB to 1 GiB
	reg := prometheus.NewRegistry()
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "embedmeta_http_requests_total",
			Help: "HTTP requests answered, by route and status (499: the client closed the connection first).",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "embedmeta_http_request_duration_seconds",
			Help:    "Time from a request's headers to its answer, body included, by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"route"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "embedmeta_http_requests_in_flight",
			Help: "POST /v1/extract requests being served (those over -max-inflight included, until their 503).",
		}),
		bodyRead: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "embedmeta_http_request_body_read_bytes_total",
			Help: "Bytes read from request bodies (multipart framing and discarded rests included).",
		}),
		consumed: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "embedmeta_extract_consumed_bytes",
			Help:    "Bytes of the uploaded file the extraction read, per request (ReadStats.Consumed).",
			Buckets: byteBuckets,
		}),
		retained: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "embedmeta_extract_retained_bytes",
			Help:    "Most bytes of the upload held in memory at once, per request (ReadStats.Retained; bounded by -max-retained).",
			Buckets: byteBuckets,
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.inflight, m.bodyRead, m.consumed, m.retained,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return m
}

// observe counts one answered request.
func (m *metrics) observe(route string, status int, elapsed time.Duration, bodyRead int64, st *embedmeta.ReadStats) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(elapsed.Seconds())
	if bodyRead > 0 {
		m.bodyRead.Add(float64(bodyRead))
	}
	if st != nil {
		m.consumed.Observe(float64(st.Consumed))
		m.retained.Observe(float64(st.Retained))
	}
}
