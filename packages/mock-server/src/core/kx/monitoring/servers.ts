/** The monitored servers (`sym`) the mock simulates unless configured otherwise. */

/** Five processes of a KX Platform deployment: tickerplant, real-time and historical databases, gateway, query manager. */
export const DEFAULT_KX_SERVERS: readonly string[] = Object.freeze(['ds_tp_ops_a', 'ds_rdb_ops_a', 'ds_hdb_ops_a', 'ds_gw_ops_a', 'ds_qm_ops_a']);
