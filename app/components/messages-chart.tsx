// Messages per day as stacked bars (read, delivered, sent, failed), drawn as SVG on the server so it
// shows without JavaScript and scales to a phone; the same numbers follow as a table for screen readers.
import { formatDate } from "~/lib/dates";

type Status = "read" | "delivered" | "sent" | "failed";
const order: Status[] = ["read", "delivered", "sent", "failed"];
const labels: Record<Status, string> = { read: "Read", delivered: "Delivered", sent: "Sent", failed: "Failed" };

export function MessagesChart({ days }: { days: { day: string; counts: Record<Status, number> }[] }) {
  const totals = days.map((entry) => order.reduce((sum, status) => sum + entry.counts[status], 0));
  const max = Math.max(1, ...totals);
  const width = 640;
  const height = 200;
  const barWidth = width / Math.max(days.length, 1);
  const label = (day: string) => formatDate(`${day}T12:00:00Z`, "date");
  return (
    <figure className="messages-chart">
      <svg viewBox={`0 0 ${width} ${height + 24}`} role="img" aria-label={`Messages per day, ${days.length} days; at most ${max} in a day`}>
        {days.map((entry, index) => {
          let y = height;
          return (
            <g key={entry.day}>
              <title>{`${label(entry.day)}: ${order.map((status) => `${entry.counts[status]} ${labels[status].toLowerCase()}`).join(", ")}`}</title>
              {order.map((status) => {
                const barHeight = (entry.counts[status] / max) * (height - 10);
                y -= barHeight;
                return barHeight > 0 ? <rect key={status} className={`bar-${status}`} x={index * barWidth + 2} y={y} width={Math.max(barWidth - 4, 1)} height={barHeight} /> : null;
              })}
              {days.length <= 31 && (index % Math.ceil(days.length / 7) === 0) ? (
                <text x={index * barWidth + barWidth / 2} y={height + 16} textAnchor="middle" className="axis-label">{entry.day.slice(5)}</text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        {order.map((status) => <span key={status}><i className={`swatch bar-${status}`} aria-hidden="true" /> {labels[status]}</span>)}
      </figcaption>
      <table className="visually-hidden">
        <caption>Messages per day by status</caption>
        <thead><tr><th>Day</th>{order.map((status) => <th key={status}>{labels[status]}</th>)}</tr></thead>
        <tbody>
          {days.map((entry) => <tr key={entry.day}><td>{label(entry.day)}</td>{order.map((status) => <td key={status}>{entry.counts[status]}</td>)}</tr>)}
        </tbody>
      </table>
    </figure>
  );
}
