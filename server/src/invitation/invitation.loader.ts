import { byColumn } from '../common/loaders';
import { Invitation } from './invitation.entity';

export const invitationById = byColumn(Invitation);
