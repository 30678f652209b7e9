/** The JSON body of a cookie sign-in or refresh (the refresh token itself goes into the cookie only). */
export interface SessionAnswer {
  accessToken: string;
  expiresAt: string;
  /** When the refresh cookie stops working if unused (never after the session's absolute end). */
  refreshExpiresAt: string;
}
