import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import type { ApiTokens } from '../auth/api-tokens';
import { dashboardAssets, type DashboardAsset } from './dashboard-assets';
import { API_TOKENS } from '../injection-tokens';

/** Tells the page whether the API asks for a token, so that it asks the viewer before its first request (no 401 to begin with). */
const AUTH_META = '<meta name="vt-monitor-auth" content="token">';

/**
 * The live dashboard: `GET /` is the page, `GET /dashboard/{file}` its scripts and styles. The
 * page holds no data and needs no token; it reads the API with the viewer's token (README,
 * "Dashboard").
 */
@Controller()
export class DashboardController {
  private readonly assets = dashboardAssets();
  private readonly page: string;

  constructor(@Inject(API_TOKENS) tokens: ApiTokens | null) {
    const html = readFileSync(this.assets.own.get('index.html')!.file, 'utf8');
    this.page = tokens ? html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n  ${AUTH_META}`) : html;
  }

  @Get()
  index(@Res() res: Response): void {
    this.headers(res, this.assets.own.get('index.html')!);
    res.send(this.page);
  }

  @Get('dashboard/vendor/:file')
  vendor(@Res() res: Response, @Param('file') file: string): void {
    const asset = this.assets.vendor.get(file);
    if (!asset) throw new NotFoundException({ error: 'no such dashboard file' });
    this.send(res, asset);
  }

  @Get('dashboard/:file')
  own(@Res() res: Response, @Param('file') file: string): void {
    const asset = this.assets.own.get(file);
    if (!asset || file === 'index.html') throw new NotFoundException({ error: 'no such dashboard file' });
    this.send(res, asset);
  }

  private send(res: Response, asset: DashboardAsset): void {
    this.headers(res, asset);
    res.sendFile(asset.file);
  }

  private headers(res: Response, asset: DashboardAsset): void {
    res.set({
      'Content-Type': asset.contentType,
      'Cache-Control': 'no-cache',
      // Everything from our own origin; the page talks only to this service.
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  }
}
